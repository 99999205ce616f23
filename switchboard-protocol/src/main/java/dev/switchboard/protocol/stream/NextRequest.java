package dev.switchboard.protocol.stream;

/**
 * The body of a pull request, {@code $SYS.API.CONSUMER.NEXT.<stream>.<consumer>}.
 *
 * @param batch the most messages to deliver, default 1
 * @param expiresMs how long the request waits for its batch to fill, default 30000
 * @param noWait answer at once: what is available now, then status 404 if fewer than the batch
 */
public record NextRequest(int batch, long expiresMs, boolean noWait) {
    /** Applies the defaults and checks the fields. */
    public NextRequest {
        if (batch < 0 || expiresMs < 0) {
            throw new IllegalArgumentException("batch and expires_ms must be >= 0");
        }
        batch = batch == 0 ? 1 : batch;
        expiresMs = expiresMs == 0 ? 30_000 : expiresMs;
    }
}
