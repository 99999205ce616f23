package dev.switchboard.store.internal;

/** Thread helpers the backends share. */
public final class WriterThreads {
    private WriterThreads() {}

    /**
     * Waits for a stream's writer thread to end, unless the caller is that thread (a listener
     * closing its own stream: the thread ends by itself). An interrupt while waiting does not end
     * the wait; it is reported so the caller can restore the flag once its own file I/O is done (an
     * interrupted thread's channel I/O would fail with ClosedByInterruptException).
     *
     * @param writer the writer thread
     * @return whether the caller was interrupted while waiting
     */
    public static boolean join(Thread writer) {
        boolean interrupted = false;
        while (writer.isAlive() && Thread.currentThread() != writer) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }
}
