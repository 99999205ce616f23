package dev.switchboard.store;

/**
 * Told when an append is durable by the stream's {@link FsyncPolicy}, or failed.
 *
 * <p>Called on the store's writer thread (or the caller's, for stores without one); it must be
 * quick and must not call back into the store's write methods.
 */
@FunctionalInterface
public interface AppendListener {
    /**
     * @param sequence the appended message's sequence
     * @param error {@code null} if durable; otherwise why the write failed (the message may or may
     *     not be readable, but it was not made durable)
     */
    void completed(long sequence, Throwable error);
}
