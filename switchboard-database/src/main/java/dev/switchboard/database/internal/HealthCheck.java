package dev.switchboard.database.internal;

import dev.switchboard.database.Health;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The health check: borrow a connection and run {@code SELECT 1}, on a virtual thread, waiting at
 * most the health timeout (the wait for a connection included). A check that times out leaves its
 * virtual thread to finish and return the connection on its own. Thread-safe.
 */
final class HealthCheck {
    private final DbContext ctx;

    HealthCheck(DbContext ctx) {
        this.ctx = ctx;
    }

    Health check() {
        Duration timeout = ctx.config.healthTimeout();
        long t0 = ctx.clock.nanoTime();
        CompletableFuture<Void> probe = new CompletableFuture<>();
        Thread.ofVirtual()
                .name(ctx.poolName + "-health")
                .start(
                        () -> {
                            try {
                                validate(timeout);
                                probe.complete(null);
                            } catch (Throwable t) {
                                probe.completeExceptionally(t);
                            }
                        });
        String error = null;
        try {
            probe.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            error = "no answer to the validation query within " + timeout.toMillis() + " ms";
        } catch (ExecutionException e) {
            error = e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        Duration latency = Duration.ofNanos(ctx.clock.nanoTime() - t0);
        return new Health(
                error == null ? Health.Status.UP : Health.Status.DOWN,
                latency,
                ctx.poolStats(),
                error);
    }

    private void validate(Duration timeout) throws SQLException {
        Connection c = ctx.borrow();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            ps.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException("validation query SELECT 1 did not return 1");
                }
            }
        } finally {
            ctx.giveBack(c);
        }
    }
}
