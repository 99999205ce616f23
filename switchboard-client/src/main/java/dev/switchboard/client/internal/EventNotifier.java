package dev.switchboard.client.internal;

import dev.switchboard.client.ConnectionEvent;
import dev.switchboard.client.ConnectionListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivers connection events to the listener on one dedicated thread, in order, never on the I/O
 * thread. Without a listener it does nothing and starts no thread.
 */
final class EventNotifier {
    private final ConnectionListener listener;
    private final ExecutorService thread;

    EventNotifier(ConnectionListener listener, String name) {
        this.listener = listener;
        this.thread =
                listener == null
                        ? null
                        : Executors.newSingleThreadExecutor(
                                r ->
                                        Thread.ofPlatform()
                                                .name("switchboard-client-" + name + "-events")
                                                .daemon(true)
                                                .unstarted(r));
    }

    void fire(
            ConnectionEvent.Type type,
            ServerAddress server,
            String detail,
            Throwable error,
            int sid) {
        if (thread == null) {
            return;
        }
        ConnectionEvent e =
                new ConnectionEvent(
                        type, server == null ? null : server.toString(), detail, error, sid);
        try {
            thread.execute(
                    () -> {
                        try {
                            listener.onEvent(e);
                        } catch (RuntimeException ignored) {
                            // A listener's failure must not stop later events.
                        }
                    });
        } catch (RejectedExecutionException closed) {
            // After CLOSED nothing more is delivered.
        }
    }

    /** Delivers what is queued (CLOSED last), then ends the thread. */
    void shutdown() {
        if (thread != null) {
            thread.shutdown();
        }
    }
}
