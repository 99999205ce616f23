package dev.switchboard.store;

/**
 * Told when an append is durable by the stream's {@link FsyncPolicy}, or failed.
 *
 * <p>Called on the store's writer thread, or on the appending thread: in stores without a writer
 * thread, and in the file store under fsync {@code interval} or {@code never} when its writer is
 * idle (the record is then written in place of a hand-off), which may hold the store's lock. It
 * must be quick, must not call back into the same store's write methods, and must not take another
 * store's lock (hand such work to another thread).
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
