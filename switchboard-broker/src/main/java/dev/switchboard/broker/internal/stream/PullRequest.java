package dev.switchboard.broker.internal.stream;

/** A waiting pull request. Owned by the stream's thread. */
final class PullRequest {
    final String reply;
    final int batch;
    final long expiresAtNanos;
    final boolean noWait;
    int remaining;

    PullRequest(String reply, int batch, long expiresAtNanos, boolean noWait) {
        this.reply = reply;
        this.batch = batch;
        this.expiresAtNanos = expiresAtNanos;
        this.noWait = noWait;
        this.remaining = batch;
    }

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }
}
