package dev.switchboard.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a setting: how its text is parsed and checked, how a value is written back, and what
 * an error says was expected. Immutable and thread-safe.
 */
public final class ValueType {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE =
            Pattern.compile(
                    "(\\d{1,15})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final String expected;
    private final Function<String, Object> parser;
    private final Function<Object, String> formatter;

    private ValueType(
            String name,
            String expected,
            Function<String, Object> parser,
            Function<Object, String> formatter) {
        this.name = name;
        this.expected = expected;
        this.parser = parser;
        this.formatter = formatter;
    }

    /**
     * @param min the smallest value
     * @param max the largest value
     * @return whole numbers in {@code [min, max]}
     */
    public static ValueType integer(int min, int max) {
        return new ValueType(
                "int",
                "an integer in [" + min + ", " + max + "]",
                s -> {
                    long v = Long.parseLong(s);
                    return (int) inRange(v, min, max);
                },
                String::valueOf);
    }

    /**
     * @return {@code true} or {@code false} (also yes/no, on/off)
     */
    public static ValueType bool() {
        return new ValueType(
                "bool",
                "true or false",
                s ->
                        switch (s.toLowerCase(Locale.ROOT)) {
                            case "true", "yes", "on" -> Boolean.TRUE;
                            case "false", "no", "off" -> Boolean.FALSE;
                            default -> throw new IllegalArgumentException();
                        },
                String::valueOf);
    }

    /**
     * @param min the shortest duration
     * @return durations such as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}
     */
    public static ValueType duration(Duration min) {
        return new ValueType(
                "duration",
                "a duration like 500ms, 30s, 2m or 1h, at least " + formatDuration(min),
                s -> {
                    Matcher m = DURATION.matcher(s);
                    if (!m.matches()) {
                        throw new IllegalArgumentException();
                    }
                    long n = Long.parseLong(m.group(1));
                    String unit = m.group(2) == null ? (n == 0 ? "s" : "?") : m.group(2);
                    Duration d =
                            switch (unit) {
                                case "ms" -> Duration.ofMillis(n);
                                case "s" -> Duration.ofSeconds(n);
                                case "m" -> Duration.ofMinutes(n);
                                case "h" -> Duration.ofHours(n);
                                case "d" -> Duration.ofDays(n);
                                default -> throw new IllegalArgumentException();
                            };
                    if (d.compareTo(min) < 0) {
                        throw new IllegalArgumentException();
                    }
                    return d;
                },
                v -> formatDuration((Duration) v));
    }

    /**
     * @param min the smallest size in bytes
     * @param max the largest size in bytes
     * @return byte sizes such as {@code 65536}, {@code 64k}, {@code 1MiB} (binary units)
     */
    public static ValueType size(long min, long max) {
        return new ValueType(
                "size",
                "a size like 64k or 1MiB, in [" + formatSize(min) + ", " + formatSize(max) + "]",
                s -> {
                    Matcher m = SIZE.matcher(s);
                    if (!m.matches()) {
                        throw new IllegalArgumentException();
                    }
                    long n = Long.parseLong(m.group(1));
                    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
                    int shift =
                            switch (unit.charAt(0)) {
                                case 'k' -> 10;
                                case 'm' -> 20;
                                case 'g' -> 30;
                                default -> 0;
                            };
                    if (n > (Long.MAX_VALUE >> shift)) {
                        throw new IllegalArgumentException();
                    }
                    return inRange(n << shift, min, max);
                },
                v -> formatSize((Long) v));
    }

    /**
     * @return any text; empty means "not set"
     */
    public static ValueType string() {
        return new ValueType("string", "text", s -> s, String::valueOf);
    }

    /**
     * @return a file-system path; empty means "not set"
     */
    public static ValueType path() {
        return new ValueType("path", "a path", Path::of, String::valueOf);
    }

    /**
     * @param choices the accepted names, lower case
     * @return one of the names (any case; '-' and '_' alike)
     */
    public static ValueType oneOf(String... choices) {
        List<String> list = List.of(choices);
        return new ValueType(
                "enum",
                "one of " + String.join(", ", list),
                s -> {
                    String n = s.toLowerCase(Locale.ROOT).replace('-', '_');
                    if (!list.contains(n)) {
                        throw new IllegalArgumentException();
                    }
                    return n;
                },
                String::valueOf);
    }

    /**
     * @param text the setting's text, trimmed
     * @return the value
     * @throws IllegalArgumentException if the text is not a value of this type
     */
    public Object parse(String text) {
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected " + expected, e);
        }
    }

    /**
     * @param value a value this type parsed
     * @return its text in the shortest exact form
     */
    public String format(Object value) {
        return value == null ? "" : formatter.apply(value);
    }

    /**
     * @return the type's name for docs: int, bool, duration, size, string, path, enum
     */
    public String name() {
        return name;
    }

    /**
     * @return what a valid value looks like, for errors and docs
     */
    public String expected() {
        return expected;
    }

    /**
     * @return whether an empty value means "not set" rather than an error
     */
    public boolean emptyMeansUnset() {
        return name.equals("string") || name.equals("path");
    }

    private static long inRange(long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    static String formatSize(long bytes) {
        if (bytes != 0) {
            if (bytes % (1L << 30) == 0) {
                return (bytes >> 30) + "GiB";
            }
            if (bytes % (1L << 20) == 0) {
                return (bytes >> 20) + "MiB";
            }
            if (bytes % (1L << 10) == 0) {
                return (bytes >> 10) + "KiB";
            }
        }
        return String.valueOf(bytes);
    }
}
