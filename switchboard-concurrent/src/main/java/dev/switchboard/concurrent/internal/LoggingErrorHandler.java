package dev.switchboard.concurrent.internal;

import dev.switchboard.concurrent.JobErrorHandler;
import dev.switchboard.concurrent.Lane;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs job failures through {@link System.Logger}: the first of each (lane, exception class) at
 * WARNING with its stack trace, the rest at DEBUG. Remembers at most {@value #MAX_CAUSES} causes,
 * then logs everything at DEBUG. Thread-safe.
 */
public final class LoggingErrorHandler implements JobErrorHandler {
    private static final System.Logger LOG = System.getLogger("dev.switchboard.concurrent");
    private static final int MAX_CAUSES = 1024;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** Creates a handler that has seen no failure yet. */
    public LoggingErrorHandler() {}

    @Override
    public void jobFailed(Lane lane, Runnable job, Throwable error) {
        String cause = lane.name() + '/' + error.getClass().getName();
        if (seen.size() < MAX_CAUSES && seen.add(cause)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "job failed in lane '"
                            + lane
                            + "' with "
                            + error.getClass().getName()
                            + " (later failures of this kind are logged at DEBUG only)",
                    error);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "job failed in lane '" + lane + "'", error);
        }
    }
}
