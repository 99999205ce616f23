package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded outbound buffer that any thread appends frames to and that its channel's event loop
 * writes out in as few writes as possible: every frame appended while a flush is pending joins it,
 * so a burst of small frames to one peer becomes one buffer and one gathering write, not a syscall
 * per frame (DESIGN.md decision 3).
 *
 * <p>Small frames are copied into a pooled tail buffer. A frame whose body reaches {@link
 * #ZERO_COPY_THRESHOLD} is not copied: its header goes into the tail and the body is chained as a
 * retained slice of the buffer it came in.
 *
 * <p>Bounded: {@link #pendingBytes()} never exceeds the limit; a frame that does not fit is handled
 * by the caller's {@link Overflow} policy. Frames are written only while the channel is writable
 * (Netty's watermarks), so a slow peer makes this buffer fill up rather than Netty's. With no
 * channel attached (a client between connections) frames wait, within the same bound.
 *
 * <p>Thread-safety: append methods, {@link #attach}, {@link #detach} and the queries may be called
 * from any thread; the writing happens on the attached channel's event loop.
 */
public final class CoalescingWriter {
    /** Bodies at least this large are chained as slices instead of copied. */
    public static final int ZERO_COPY_THRESHOLD = 16 << 10;

    /** What an append did. */
    public enum Result {
        /** The frame is queued. */
        APPENDED,
        /** The frame is queued after older frames were discarded ({@link Overflow#DROP_OLDEST}). */
        APPENDED_DROPPING_OLDER,
        /** The frame did not fit and was not queued. */
        FULL
    }

    /**
     * Frames are copied into chunks of this size, chained when full: a chunk never grows, so the
     * allocator serves every one from its pools (growing one buffer past the pooled sizes meant a
     * fresh, zeroed, unpooled allocation and a copy on every doubling). 16 KiB is the largest size
     * Netty's adaptive allocator pools in its low-memory mode (a heap of 512 MiB or less); at 32
     * KiB every chunk was such a fresh allocation there, 10% of a stream thread's time replaying.
     */
    static final int CHUNK = 16 << 10;

    /** A burst's appends schedule a flush once this much is queued. */
    static final int DEFER_LIMIT = 64 << 10;

    /** The writers a burst on this thread appended to without scheduling; null outside one. */
    private static final FastThreadLocal<ArrayList<CoalescingWriter>> DEFERRING =
            new FastThreadLocal<>();

    private final Object lock = new Object();
    // Appends and flushes synchronize on lock (short, never blocking). Publishers waiting
    // for room park on a separate lock, signalled only when someone waits.
    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition drained = waitLock.newCondition();
    private volatile int waiters;
    private final ArrayDeque<ByteBuf> chain = new ArrayDeque<>();
    private final ByteBufAllocator alloc;
    private final Runnable flushTask = this::flush;
    private final FrameEncoder encoder = new FrameEncoder(); // under lock
    private volatile long maxPendingBytes;
    private Channel channel;
    private ByteBuf tail;
    private long pendingBytes;
    private long droppedOlder;
    private long messagesAppended;
    private long payloadBytesAppended;
    private boolean flushScheduled; // a flush is queued, or we wait for writability
    private boolean awaitingWritable;
    private boolean closed;
    private boolean deferred; // under lock: on a burst's list (deferringFlushes)

    /**
     * @param alloc where buffers come from
     * @param maxPendingBytes the bound on queued, unwritten bytes
     */
    public CoalescingWriter(ByteBufAllocator alloc, long maxPendingBytes) {
        this.alloc = alloc;
        maxPendingBytes(maxPendingBytes);
    }

    /**
     * @param max the new bound on queued bytes; takes effect for the next append
     */
    public void maxPendingBytes(long max) {
        if (max < 1024) {
            throw new IllegalArgumentException("maxPendingBytes must be >= 1024, got " + max);
        }
        this.maxPendingBytes = max;
    }

    /**
     * @return the bound on queued bytes
     */
    public long maxPendingBytes() {
        return maxPendingBytes;
    }

    /**
     * Starts writing to a channel; frames already queued are written next.
     *
     * @param ch the channel
     */
    public void attach(Channel ch) {
        synchronized (lock) {
            channel = ch;
            awaitingWritable = false;
            flushScheduled = false;
            scheduleLocked();
        }
    }

    /** Stops writing (the channel closed); queued frames stay queued. */
    public void detach() {
        synchronized (lock) {
            channel = null;
            flushScheduled = false;
            awaitingWritable = false;
        }
    }

    /**
     * Appends a MSG built from a PUB body: the server's forwarding path.
     *
     * @param sid the subscription id
     * @param flags the MSG flags
     * @param pubBody the buffer holding the PUB body
     * @param index where it starts
     * @param length its length
     * @param overflow what to do if it does not fit
     * @return what happened
     */
    public Result appendMsgFromPub(
            int sid, int flags, ByteBuf pubBody, int index, int length, Overflow overflow) {
        return appendMsgFromPub(sid, flags, pubBody, index, length, 0, overflow);
    }

    /**
     * Appends a MSG built from a PUB body and counts it (see {@link #messagesAppended()}).
     *
     * @param sid the subscription id
     * @param flags the MSG flags
     * @param pubBody the buffer holding the PUB body
     * @param index where it starts
     * @param length its length
     * @param payloadLength the payload's share of the body, for {@link #payloadBytesAppended()}
     * @param overflow what to do if it does not fit
     * @return what happened
     */
    public Result appendMsgFromPub(
            int sid,
            int flags,
            ByteBuf pubBody,
            int index,
            int length,
            int payloadLength,
            Overflow overflow) {
        int total = FrameLayout.HEADER + 4 + length;
        synchronized (lock) {
            Result r = makeRoom(total, overflow);
            if (r == Result.FULL) {
                return r;
            }
            if (length < ZERO_COPY_THRESHOLD) {
                FrameWriter.msgFromPub(tail(total), sid, flags, pubBody, index, length);
            } else {
                // Header and body travel as one composite element, so no element of the chain
                // ever holds part of a frame (flush and DROP_OLDEST both rely on it).
                ByteBuf header = alloc.directBuffer(FrameLayout.HEADER + 4);
                FrameWriter.header(header, Opcode.MSG_CODE, flags, 4 + length);
                header.writeInt(sid);
                if (tail != null) {
                    chain.addLast(tail);
                    tail = null;
                }
                chain.addLast(Unpooled.wrappedBuffer(header, pubBody.retainedSlice(index, length)));
            }
            pendingBytes += total;
            messagesAppended++;
            payloadBytesAppended += payloadLength;
            scheduleLocked();
            return r;
        }
    }

    /**
     * Appends a MSG built from its parts and counts it: the broker's path for messages it holds as
     * arrays (stream deliveries, its own answers), encoded once, straight into the outbound buffer.
     * A payload of {@link #ZERO_COPY_THRESHOLD} or more is chained, not copied: the caller must not
     * change the array afterwards.
     *
     * @param sid the subscription id
     * @param flags the MSG flags
     * @param subject the subject
     * @param replyTo the reply subject, or {@code null}
     * @param headers the encoded headers section
     * @param payload the payload
     * @param overflow what to do if it does not fit
     * @return what happened
     * @throws IllegalArgumentException if a subject is longer than a frame can carry
     */
    public Result appendMsg(
            int sid,
            int flags,
            CharSequence subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload,
            Overflow overflow) {
        int replyLen = FrameWriter.u16(FrameWriter.utf8Length(replyTo), "reply subject");
        synchronized (lock) {
            int subjectLen = FrameWriter.u16(encoder.subjectLength(subject), "subject");
            int head =
                    FrameLayout.HEADER
                            + FrameLayout.MSG_FIXED
                            + subjectLen
                            + replyLen
                            + headers.length;
            int total = head + payload.length;
            Result r = makeRoom(total, overflow);
            if (r == Result.FULL) {
                return r;
            }
            if (payload.length < ZERO_COPY_THRESHOLD) {
                encoder.msg(
                        tail(total),
                        sid,
                        subject,
                        subjectLen,
                        replyTo,
                        replyLen,
                        headers,
                        payload,
                        flags);
            } else {
                ByteBuf out = alloc.directBuffer(head);
                FrameWriter.msgHead(
                        out,
                        sid,
                        subject,
                        subjectLen,
                        replyTo,
                        replyLen,
                        headers,
                        payload.length,
                        flags);
                if (tail != null) {
                    chain.addLast(tail);
                    tail = null;
                }
                chain.addLast(Unpooled.wrappedBuffer(out, Unpooled.wrappedBuffer(payload)));
            }
            pendingBytes += total;
            messagesAppended++;
            payloadBytesAppended += payload.length;
            if (!deferLocked()) {
                scheduleLocked();
            }
            return r;
        }
    }

    /**
     * Appends a PUB: the client's publishing path.
     *
     * @param subject the subject
     * @param replyTo the reply subject, or {@code null}
     * @param headers the encoded headers section
     * @param payload the payload array
     * @param offset where the payload starts
     * @param length the payload length
     * @param flags the PUB flags
     * @param overflow what to do if it does not fit
     * @return what happened
     */
    public Result appendPub(
            CharSequence subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload,
            int offset,
            int length,
            int flags,
            Overflow overflow) {
        int replyLen = FrameWriter.u16(FrameWriter.utf8Length(replyTo), "reply subject");
        synchronized (lock) {
            int subjectLen = FrameWriter.u16(encoder.subjectLength(subject), "subject");
            int total =
                    FrameLayout.HEADER
                            + FrameLayout.PUB_FIXED
                            + subjectLen
                            + replyLen
                            + headers.length
                            + length;
            Result r = makeRoom(total, overflow);
            if (r != Result.FULL) {
                encoder.pub(
                        tail(total),
                        subject,
                        subjectLen,
                        replyTo,
                        replyLen,
                        headers,
                        payload,
                        offset,
                        length,
                        flags);
                pendingBytes += total;
                messagesAppended++;
                payloadBytesAppended += length;
                scheduleLocked();
            }
            return r;
        }
    }

    /**
     * Appends any frame (control frames; not the hot path).
     *
     * @param frame the frame
     * @param overflow what to do if it does not fit
     * @return what happened
     */
    public Result append(Frame frame, Overflow overflow) {
        ByteBuf tmp = alloc.heapBuffer();
        try {
            FrameWriter.write(frame, tmp);
            int total = tmp.readableBytes();
            synchronized (lock) {
                Result r = makeRoom(total, overflow);
                if (r != Result.FULL) {
                    tail(total).writeBytes(tmp);
                    pendingBytes += total;
                    scheduleLocked();
                }
                return r;
            }
        } finally {
            tmp.release();
        }
    }

    private Result makeRoom(int total, Overflow overflow) {
        if (closed) {
            return Result.FULL;
        }
        long max = maxPendingBytes;
        if (pendingBytes + total <= max) {
            return Result.APPENDED;
        }
        if (overflow != Overflow.DROP_OLDEST || total > max) {
            return Result.FULL;
        }
        while (pendingBytes + total > max) {
            dropFirstFrame();
        }
        return Result.APPENDED_DROPPING_OLDER;
    }

    /** Discards the oldest queued frame; its header always sits whole in one buffer. */
    private void dropFirstFrame() {
        ByteBuf first = chain.isEmpty() ? tail : chain.peekFirst();
        long frame = FrameLayout.HEADER + first.getUnsignedInt(first.readerIndex());
        pendingBytes -= frame;
        droppedOlder++;
        long skip = frame;
        while (skip > 0) {
            ByteBuf b = chain.isEmpty() ? tail : chain.peekFirst();
            int n = (int) Math.min(skip, b.readableBytes());
            b.skipBytes(n);
            skip -= n;
            if (!b.isReadable() && b != tail) {
                chain.pollFirst().release();
            }
        }
    }

    private ByteBuf tail(int need) {
        if (tail != null && tail.writableBytes() < need) {
            chain.addLast(tail);
            tail = null;
        }
        if (tail == null) {
            int capacity = Math.max(CHUNK, need);
            tail = alloc.directBuffer(capacity, capacity);
        }
        return tail;
    }

    /**
     * Runs {@code burst} with the flushes of the MSGs it appends ({@link #appendMsg}) scheduled
     * when a writer has {@value #DEFER_LIMIT} bytes queued, at {@link #flushDeferred}, and at the
     * end, rather than after each append: a producer that appends a burst (a stream delivering a
     * pull batch) wakes each connection's event loop about once per 64 KiB. Waking it after each
     * flush run was 5% of a stream thread's time replaying, and as much again on the woken thread
     * (async-profiler, 2026-11-27).
     *
     * @param burst what appends
     */
    public static void deferringFlushes(Runnable burst) {
        if (DEFERRING.get() != null) {
            burst.run(); // already inside a burst: its end schedules
            return;
        }
        DEFERRING.set(new ArrayList<>());
        try {
            burst.run();
        } finally {
            try {
                flushDeferred();
            } finally {
                DEFERRING.set(null);
            }
        }
    }

    /**
     * Inside {@link #deferringFlushes}: schedules the flushes deferred so far now (a producer
     * moving on to another connection lets the last one's frames go); outside, does nothing.
     */
    public static void flushDeferred() {
        ArrayList<CoalescingWriter> deferred = DEFERRING.get();
        if (deferred == null || deferred.isEmpty()) {
            return;
        }
        RuntimeException failed = null;
        for (CoalescingWriter w : deferred) {
            try {
                synchronized (w.lock) {
                    w.deferred = false;
                    w.scheduleLocked();
                }
            } catch (RuntimeException e) { // a loop shutting down refuses the task: go on
                failed = failed == null ? e : failed;
            }
        }
        deferred.clear();
        if (failed != null) {
            throw failed;
        }
    }

    /** Whether this append's flush waits for the end of the burst around it. */
    private boolean deferLocked() {
        if (pendingBytes >= DEFER_LIMIT) {
            return false; // enough for a write of its own: start it now
        }
        ArrayList<CoalescingWriter> burst = DEFERRING.get();
        if (burst == null) {
            return false;
        }
        if (!deferred) {
            deferred = true;
            burst.add(this);
        }
        return true;
    }

    private void scheduleLocked() {
        if (!flushScheduled && channel != null && pendingBytes > 0) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    /**
     * Writes what is queued, element by element, while the channel is writable (so Netty's own
     * buffer never holds more than its high watermark beyond this writer's bound), then flushes
     * once. Runs on the channel's event loop.
     */
    private void flush() {
        Channel ch;
        synchronized (lock) {
            ch = channel;
            if (ch == null) {
                flushScheduled = false;
                return;
            }
            if (!ch.eventLoop().inEventLoop()) {
                // Scheduled for a channel since replaced (detach, attach): move to its loop.
                ch.eventLoop().execute(flushTask);
                return;
            }
            flushScheduled = false;
        }
        boolean wrote = false;
        boolean tookTail = false;
        while (!tookTail) {
            ByteBuf b;
            synchronized (lock) {
                if (channel != ch || (chain.isEmpty() && tail == null)) {
                    break;
                }
                if (!ch.isWritable()) {
                    // Stay "scheduled" so appends do not wake us per message; onWritable resumes.
                    awaitingWritable = true;
                    flushScheduled = true;
                    break;
                }
                b = chain.pollFirst();
                if (b == null) {
                    // The open chunk goes last, so frames appended meanwhile join it, and ends
                    // this run: frames appended from now on scheduled the next one. Taking each
                    // new open chunk while an appender kept filling it wrote chunks of a few
                    // frames each, and the two threads spun on the lock.
                    b = tail;
                    tail = null;
                    tookTail = true;
                }
                pendingBytes -= b.readableBytes();
            }
            ch.write(b, ch.voidPromise());
            wrote = true;
        }
        if (wrote) {
            signalWaiters();
            ch.flush();
        }
    }

    /**
     * The channel became writable again: resume writing. Call from {@code
     * channelWritabilityChanged}.
     */
    public void onWritable() {
        synchronized (lock) {
            if (awaitingWritable) {
                awaitingWritable = false;
                flushScheduled = false;
            }
            scheduleLocked();
        }
    }

    /**
     * Waits until there is room for {@code bytes} more, or the deadline passes.
     *
     * @param bytes the room needed
     * @param timeoutNanos how long to wait at most
     * @return whether there is room now
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitRoom(long bytes, long timeoutNanos) throws InterruptedException {
        long left = timeoutNanos;
        waitLock.lock();
        waiters++;
        try {
            // Checked under waitLock, so a flush's signal cannot fall between check and await.
            while (!hasRoom(bytes)) {
                if (left <= 0) {
                    return false;
                }
                left = drained.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            synchronized (lock) {
                return !closed;
            }
        } finally {
            waiters--;
            waitLock.unlock();
        }
    }

    /**
     * @return bytes queued and not yet handed to the channel
     */
    public long pendingBytes() {
        synchronized (lock) {
            return pendingBytes;
        }
    }

    /**
     * @return messages appended through {@link #appendMsgFromPub} or {@link #appendPub} so far (a
     *     connection's "messages out"; those later discarded by {@link Overflow#DROP_OLDEST}
     *     included)
     */
    public long messagesAppended() {
        synchronized (lock) {
            return messagesAppended;
        }
    }

    /**
     * @return payload bytes of those messages, as the callers declared them
     */
    public long payloadBytesAppended() {
        synchronized (lock) {
            return payloadBytesAppended;
        }
    }

    /**
     * @return how many queued frames {@link Overflow#DROP_OLDEST} discarded so far
     */
    public long droppedOlder() {
        synchronized (lock) {
            return droppedOlder;
        }
    }

    /**
     * Discards everything queued and refuses further appends.
     *
     * @return how many bytes were discarded
     */
    public long close() {
        long discarded;
        synchronized (lock) {
            closed = true;
            discarded = pendingBytes;
            if (tail != null) {
                tail.release();
                tail = null;
            }
            for (ByteBuf b : chain) {
                b.release();
            }
            chain.clear();
            pendingBytes = 0;
        }
        signalWaiters(); // outside the monitor: waiters hold waitLock while they check it
        return discarded;
    }

    private void signalWaiters() {
        if (waiters > 0) {
            waitLock.lock();
            try {
                drained.signalAll();
            } finally {
                waitLock.unlock();
            }
        }
    }

    private boolean hasRoom(long bytes) {
        synchronized (lock) {
            return closed || pendingBytes + bytes <= maxPendingBytes;
        }
    }
}
