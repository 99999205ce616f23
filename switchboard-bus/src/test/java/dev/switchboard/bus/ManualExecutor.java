package dev.switchboard.bus;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** Collects drain runs so a test decides when they run (and that everything is buffered first). */
final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs what was collected, and what those runs hand in, on the calling thread. */
    void runAll() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            r.run();
        }
    }
}
