package dev.switchboard.concurrent;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a typed lane: a group of workers dedicated to one kind of job. Two lanes always
 * exist: {@link #SHARED}, the work-stealing pool that takes untagged jobs, and {@link #BLOCKING}, a
 * virtual-thread lane for jobs that block (see {@link
 * JobScheduler#submitBlocking(java.util.concurrent.Callable)}). Further lanes are declared with
 * {@link LaneConfig} in {@link SchedulerConfig.Builder#lane}.
 *
 * <p>Immutable and thread-safe; equal by name.
 *
 * @param name 1 to 64 characters out of {@code [A-Za-z0-9._-]}
 */
public record Lane(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The shared work-stealing pool; jobs without a lane run here. */
    public static final Lane SHARED = new Lane("shared");

    /** The built-in virtual-thread lane for blocking jobs. */
    public static final Lane BLOCKING = new Lane("blocking");

    /**
     * @throws IllegalArgumentException if the name is empty, longer than 64 characters or has a
     *     character outside {@code [A-Za-z0-9._-]}
     */
    public Lane {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "lane name must be 1-64 characters of [A-Za-z0-9._-], got '" + name + "'");
        }
    }

    /**
     * @param name the lane's name
     * @return the lane of that name
     * @throws IllegalArgumentException if the name is not valid (see {@link Lane})
     */
    public static Lane of(String name) {
        return new Lane(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
