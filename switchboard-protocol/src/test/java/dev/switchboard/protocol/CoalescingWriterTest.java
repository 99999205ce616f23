package dev.switchboard.protocol;

import static dev.switchboard.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.CoalescingWriter.Result;
import dev.switchboard.protocol.testing.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bounded, coalescing outbound buffer, written through an {@link EmbeddedChannel}: the test
 * thread is the channel's event loop, and {@code runPendingTasks()} runs the scheduled flushes.
 */
@ExtendWith(NoLeaks.class)
class CoalescingWriterTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<ByteBuf> toRelease = new ArrayList<>();
    private CoalescingWriter writer;

    @AfterEach
    void tearDown() {
        if (writer != null) {
            writer.close();
        }
        channel.finishAndReleaseAll();
        for (ByteBuf b : toRelease) {
            if (b.refCnt() > 0) {
                b.release(b.refCnt());
            }
        }
    }

    /** Everything written to the channel so far, as one array; the written buffers released. */
    private byte[] written() {
        ByteBuf all = Unpooled.buffer();
        try {
            for (Object o; (o = channel.readOutbound()) != null; ) {
                ByteBuf b = (ByteBuf) o;
                all.writeBytes(b);
                b.release();
            }
            return ByteBufUtil.getBytes(all);
        } finally {
            all.release();
        }
    }

    /** Decodes what the channel received, as the client would. */
    private static List<Frame> decode(byte[] bytes) {
        FrameCollector c = new FrameCollector();
        EmbeddedChannel ch = c.channel(true, ProtocolLimits.DEFAULT);
        FrameCollector.feed(ch, bytes);
        ch.finishAndReleaseAll();
        assertThat(c.errors).isEmpty();
        return c.frames;
    }

    private static List<Frame> decodeAsServer(byte[] bytes) {
        FrameCollector c = new FrameCollector();
        EmbeddedChannel ch = c.channel(false, ProtocolLimits.DEFAULT);
        FrameCollector.feed(ch, bytes);
        ch.finishAndReleaseAll();
        assertThat(c.errors).isEmpty();
        return c.frames;
    }

    /** A PUB body in a buffer, with some bytes before it, as the decoder would hand it over. */
    private ByteBuf pubBody(String subject, byte[] payload) {
        byte[] frame = Frames.bytes(new Frame.Pub(subject, null, Headers.EMPTY, payload, false));
        ByteBuf b = ALLOC.directBuffer(frame.length + 3);
        b.writeBytes(utf8("xyz"));
        b.writeBytes(frame, FrameLayout.HEADER, frame.length - FrameLayout.HEADER);
        toRelease.add(b);
        return b;
    }

    private static int pubBodyLength(ByteBuf b) {
        return b.readableBytes() - 3;
    }

    private static Result appendPub(CoalescingWriter w, String subject, int payload, Overflow o) {
        byte[] p = new byte[payload];
        return w.appendPub(subject, null, Headers.EMPTY, p, 0, p.length, 0, o);
    }

    private static int pubFrameSize(String subject, int payload) {
        return FrameLayout.HEADER + FrameLayout.PUB_FIXED + subject.length() + payload;
    }

    @Test
    void appendMsg_fromParts_smallIsCopiedLargeIsChained_bothDecodeAsSent() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        writer.attach(channel);
        byte[] headers = Headers.encode(List.of(Map.entry("k", "v")));
        byte[] small = {1, 2, 3};
        byte[] large = new byte[CoalescingWriter.ZERO_COPY_THRESHOLD + 5];
        large[large.length - 1] = 42;
        StringBuilder reply = new StringBuilder("$SYS.ACK.S.c.1.2.3.4.5");
        assertThat(writer.appendMsg(7, 0, "orders.1", reply, headers, small, Overflow.REFUSE))
                .isEqualTo(Result.APPENDED);
        assertThat(writer.appendMsg(8, 0, "orders.2", null, Headers.EMPTY, large, Overflow.REFUSE))
                .isEqualTo(Result.APPENDED);
        assertThat(writer.messagesAppended()).isEqualTo(2);
        assertThat(writer.payloadBytesAppended()).isEqualTo(small.length + large.length);

        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).as("the copied frame, the chained one").hasSize(2);
        List<Frame> frames = decode(written());
        assertThat(frames)
                .usingRecursiveFieldByFieldElementComparator(
                        org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration
                                .builder()
                                .withEqualsForType(java.util.Arrays::equals, byte[].class)
                                .build())
                .containsExactly(
                        new Frame.Msg(7, "orders.1", reply.toString(), headers, small, false),
                        new Frame.Msg(8, "orders.2", null, Headers.EMPTY, large, false));
    }

    @Test
    void appendMsg_aSubjectTooLongForAFrame_isRefusedWithoutQueueingAnything() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        String huge = "a".repeat(70_000);
        assertThatThrownBy(
                        () ->
                                writer.appendMsg(
                                        1,
                                        0,
                                        huge,
                                        null,
                                        Headers.EMPTY,
                                        new byte[0],
                                        Overflow.REFUSE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject");
        assertThat(writer.pendingBytes()).isZero();
    }

    private static Result appendSmallMsg(CoalescingWriter w, int sid) {
        return w.appendMsg(sid, 0, "s.x", null, Headers.EMPTY, new byte[100], Overflow.REFUSE);
    }

    @Test
    void deferringFlushes_schedulesTheFlushAtTheEndOfTheBurst_notPerAppend() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        writer.attach(channel);
        CoalescingWriter.deferringFlushes(
                () -> {
                    for (int i = 1; i <= 10; i++) {
                        assertThat(appendSmallMsg(writer, i)).isEqualTo(Result.APPENDED);
                    }
                    channel.runPendingTasks(); // runs a flush only if one was scheduled
                    assertThat(channel.outboundMessages()).isEmpty();
                    CoalescingWriter.deferringFlushes(() -> appendSmallMsg(writer, 11)); // nested
                    channel.runPendingTasks();
                    assertThat(channel.outboundMessages()).isEmpty();
                });
        channel.runPendingTasks();
        assertThat(decode(written())).hasSize(11);
        assertThat(writer.pendingBytes()).isZero();
    }

    @Test
    void deferringFlushes_flushesAtTheLimit_andWhenAskedTo() {
        channel.config().setWriteBufferHighWaterMark(1 << 20); // the whole burst stays writable
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        writer.attach(channel);
        CoalescingWriter.deferringFlushes(
                () -> {
                    int n = 0;
                    while (writer.pendingBytes() < CoalescingWriter.DEFER_LIMIT) {
                        appendSmallMsg(writer, ++n);
                    }
                    appendSmallMsg(writer, ++n); // the first append at the limit schedules
                    channel.runPendingTasks();
                    assertThat(decode(written())).hasSize(n);
                    appendSmallMsg(writer, ++n);
                    channel.runPendingTasks();
                    assertThat(channel.outboundMessages()).isEmpty();
                    CoalescingWriter.flushDeferred();
                    channel.runPendingTasks();
                    assertThat(decode(written())).hasSize(1);
                });
        CoalescingWriter.flushDeferred(); // outside a burst: nothing to do
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
    }

    @Test
    void deferringFlushes_aBurstThatThrows_stillSchedules_andLeavesNothingDeferred() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        writer.attach(channel);
        assertThatThrownBy(
                        () ->
                                CoalescingWriter.deferringFlushes(
                                        () -> {
                                            appendSmallMsg(writer, 1);
                                            throw new IllegalStateException("boom");
                                        }))
                .hasMessage("boom");
        channel.runPendingTasks();
        assertThat(decode(written())).hasSize(1);
        appendSmallMsg(writer, 2); // outside a burst: scheduled at once, as before
        channel.runPendingTasks();
        assertThat(decode(written())).hasSize(1);
    }

    @Test
    void framesAppendedWhileAFlushWrites_goOutWithTheNextFlush_inOrder() {
        EmbeddedChannel ch = new EmbeddedChannel();
        List<Integer> appendedDuringWrites = new ArrayList<>();
        ch.pipeline()
                .addFirst(
                        new io.netty.channel.ChannelOutboundHandlerAdapter() {
                            @Override
                            public void write(
                                    io.netty.channel.ChannelHandlerContext ctx,
                                    Object msg,
                                    io.netty.channel.ChannelPromise promise) {
                                // While the flush hands a chunk to the channel, the "appender"
                                // adds a frame: it must not be stranded when the run ends.
                                if (appendedDuringWrites.size() < 3) {
                                    int n = 100 + appendedDuringWrites.size();
                                    appendedDuringWrites.add(n);
                                    appendSmallMsg(writer, n);
                                }
                                ctx.write(msg, promise);
                            }
                        });
        try {
            writer = new CoalescingWriter(ALLOC, 1 << 20);
            writer.attach(ch);
            for (int i = 1; i <= 3; i++) {
                appendSmallMsg(writer, i);
            }
            ch.runPendingTasks(); // the first run; each later run is scheduled by the appends
            ch.runPendingTasks();
            ch.runPendingTasks();
            ch.runPendingTasks();
            List<Integer> sids = new ArrayList<>();
            for (Object o; (o = ch.readOutbound()) != null; ) {
                ByteBuf b = (ByteBuf) o;
                for (Frame f : decode(ByteBufUtil.getBytes(b))) {
                    sids.add(((Frame.Msg) f).sid());
                }
                b.release();
            }
            assertThat(sids).containsExactly(1, 2, 3, 100, 101, 102);
            assertThat(writer.pendingBytes()).isZero();
        } finally {
            writer.close();
            writer = null;
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void appendsAreCoalescedIntoOneFlush() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        writer.attach(channel);
        for (int i = 0; i < 100; i++) {
            assertThat(appendPub(writer, "s." + i, 10, Overflow.REFUSE)).isEqualTo(Result.APPENDED);
        }
        assertThat(writer.pendingBytes())
                .isEqualTo(10L * pubFrameSize("s.0", 10) + 90L * pubFrameSize("s.10", 10));
        channel.runPendingTasks();
        assertThat(writer.pendingBytes()).isZero();
        assertThat(channel.outboundMessages()).hasSize(1); // one buffer, one write
        List<Frame> frames = decodeAsServer(written());
        assertThat(frames).hasSize(100);
        assertThat(((Frame.Pub) frames.get(99)).subject()).isEqualTo("s.99");
    }

    @Test
    void appendsFromSeveralThreads_arriveIntactAndInPerThreadOrder() throws Exception {
        int threads = 4;
        int perRound = 300;
        int rounds = 4;
        writer = new CoalescingWriter(ALLOC, 64L << 20);
        writer.attach(channel);
        ByteBuf all = Unpooled.buffer();
        try {
            for (int round = 0; round < rounds; round++) {
                int base = round * perRound;
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String subject = "thread." + t;
                    done.add(
                            CompletableFuture.runAsync(
                                    () -> {
                                        awaitLatch(start);
                                        for (int i = base; i < base + perRound; i++) {
                                            byte[] p =
                                                    ByteBuffer.allocate(4 + i % 50)
                                                            .putInt(i)
                                                            .array();
                                            Result r =
                                                    i % 3 == 0
                                                            ? writer.append(
                                                                    new Frame.Pub(
                                                                            subject,
                                                                            "r",
                                                                            Headers.EMPTY,
                                                                            p,
                                                                            false),
                                                                    Overflow.REFUSE)
                                                            : writer.appendPub(
                                                                    subject,
                                                                    "r",
                                                                    Headers.EMPTY,
                                                                    p,
                                                                    0,
                                                                    p.length,
                                                                    0,
                                                                    Overflow.REFUSE);
                                            assertThat(r).isEqualTo(Result.APPENDED);
                                        }
                                    }));
                }
                start.countDown();
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                        .get(30, TimeUnit.SECONDS);
                // The appenders are done; only now does the test thread act as the event loop
                // (EmbeddedEventLoop's task queue is not thread-safe).
                channel.runPendingTasks();
                all.writeBytes(written());
            }
            Map<String, Integer> next = new HashMap<>();
            List<Frame> frames = decodeAsServer(ByteBufUtil.getBytes(all));
            assertThat(frames).hasSize(threads * perRound * rounds);
            for (Frame f : frames) {
                Frame.Pub p = (Frame.Pub) f;
                int seq = ByteBuffer.wrap(p.payload()).getInt();
                assertThat(p.payload()).hasSize(4 + seq % 50);
                assertThat(seq).as(p.subject()).isEqualTo(next.getOrDefault(p.subject(), 0));
                next.put(p.subject(), seq + 1);
            }
            assertThat(next).hasSize(threads).containsValue(perRound * rounds);
        } finally {
            all.release();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void appendsBeforeAttach_areWrittenAfterAttach() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        writer.append(new Frame.Ping(), Overflow.REFUSE);
        appendPub(writer, "a", 3, Overflow.REFUSE);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(writer.pendingBytes()).isEqualTo(6 + pubFrameSize("a", 3));

        writer.attach(channel);
        channel.runPendingTasks();
        List<Frame> frames = decodeAsServer(written());
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(Frame.Ping.class);
        assertThat(frames.get(1)).isInstanceOf(Frame.Pub.class);
    }

    @Test
    void detach_keepsFramesQueuedForTheNextChannel() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        writer.attach(channel);
        writer.detach();
        appendPub(writer, "a", 3, Overflow.REFUSE);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
        EmbeddedChannel next = new EmbeddedChannel();
        try {
            writer.attach(next);
            next.runPendingTasks();
            assertThat(next.outboundMessages()).hasSize(1);
        } finally {
            next.finishAndReleaseAll();
        }
    }

    @Test
    void bound_refusesWithDropNewestAndRefuse() {
        writer = new CoalescingWriter(ALLOC, 1024);
        int size = pubFrameSize("s", 300); // 315
        for (int i = 0; i < 3; i++) {
            assertThat(appendPub(writer, "s", 300, Overflow.REFUSE)).isEqualTo(Result.APPENDED);
        }
        assertThat(writer.pendingBytes()).isEqualTo(3L * size);
        assertThat(appendPub(writer, "s", 300, Overflow.DROP_NEWEST)).isEqualTo(Result.FULL);
        assertThat(appendPub(writer, "s", 300, Overflow.REFUSE)).isEqualTo(Result.FULL);
        assertThat(writer.append(new Frame.GoAway(1, "x".repeat(200)), Overflow.REFUSE))
                .isEqualTo(Result.FULL);
        assertThat(writer.pendingBytes()).isEqualTo(3L * size).isLessThanOrEqualTo(1024);
        assertThat(writer.droppedOlder()).isZero();
        // Exactly filling the bound is allowed.
        int rest = 1024 - 3 * size - pubFrameSize("s", 0);
        assertThat(appendPub(writer, "s", rest, Overflow.REFUSE)).isEqualTo(Result.APPENDED);
        assertThat(writer.pendingBytes()).isEqualTo(1024);
        assertThat(appendPub(writer, "s", 0, Overflow.REFUSE)).isEqualTo(Result.FULL);
    }

    @Test
    void bound_dropOldestDiscardsWholeFrames() {
        writer = new CoalescingWriter(ALLOC, 1024);
        for (int i = 0; i < 3; i++) {
            assertThat(appendPub(writer, "s." + i, 300, Overflow.DROP_OLDEST))
                    .isEqualTo(Result.APPENDED);
        }
        assertThat(appendPub(writer, "s.3", 300, Overflow.DROP_OLDEST))
                .isEqualTo(Result.APPENDED_DROPPING_OLDER);
        assertThat(writer.droppedOlder()).isEqualTo(1);
        // Needs room for two: drops two more.
        assertThat(appendPub(writer, "s.4", 600, Overflow.DROP_OLDEST))
                .isEqualTo(Result.APPENDED_DROPPING_OLDER);
        assertThat(writer.droppedOlder()).isEqualTo(3);
        assertThat(writer.pendingBytes())
                .isEqualTo(pubFrameSize("s.3", 300) + pubFrameSize("s.4", 600));
        // A frame larger than the whole bound is refused without dropping anything.
        assertThat(appendPub(writer, "s.5", 2000, Overflow.DROP_OLDEST)).isEqualTo(Result.FULL);
        assertThat(writer.droppedOlder()).isEqualTo(3);

        writer.attach(channel);
        channel.runPendingTasks();
        List<Frame> frames = decodeAsServer(written());
        assertThat(frames).extracting(f -> ((Frame.Pub) f).subject()).containsExactly("s.3", "s.4");
    }

    @Test
    void bound_dropOldestAcrossZeroCopySlices_releasesThem() {
        int payload = CoalescingWriter.ZERO_COPY_THRESHOLD;
        int big = FrameLayout.HEADER + FrameLayout.MSG_FIXED + 5 + payload; // one MSG frame
        writer = new CoalescingWriter(ALLOC, 3L * big + 100);
        List<ByteBuf> sources = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ByteBuf src = pubBody("big." + i, new byte[payload]);
            sources.add(src);
            Result r =
                    writer.appendMsgFromPub(
                            i + 1, 0, src, 3, pubBodyLength(src), Overflow.DROP_OLDEST);
            assertThat(r).isNotEqualTo(Result.FULL);
            // Small frames between the big ones share the tail buffers with their headers.
            appendPub(writer, "small." + i, 10, Overflow.DROP_OLDEST);
        }
        assertThat(writer.droppedOlder()).isGreaterThan(0);
        assertThat(writer.pendingBytes()).isLessThanOrEqualTo(writer.maxPendingBytes());
        // Sources whose MSG was dropped are released by the writer; the others are held.
        long held = sources.stream().filter(b -> b.refCnt() == 2).count();
        assertThat(held).isBetween(1L, 3L);

        writer.attach(channel);
        channel.runPendingTasks();
        List<Frame> frames = decodeMixed(written());
        long bigFrames = frames.stream().filter(f -> f instanceof Frame.Msg).count();
        assertThat(bigFrames).isEqualTo(held);
        for (Frame f : frames) {
            if (f instanceof Frame.Msg m) {
                assertThat(m.subject()).isEqualTo("big." + (m.sid() - 1));
                assertThat(m.payload()).hasSize(payload);
            }
        }
        assertThat(sources).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));
    }

    /** MSG and PUB frames mixed: decode each by its own direction. */
    private static List<Frame> decodeMixed(byte[] bytes) {
        List<Frame> out = new ArrayList<>();
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        while (b.isReadable()) {
            int len = b.getInt(b.readerIndex());
            Opcode op = Opcode.of(b.getUnsignedByte(b.readerIndex() + 4));
            int flags = b.getUnsignedByte(b.readerIndex() + 5);
            out.add(
                    FrameCodec.decode(
                            op, flags, b, b.readerIndex() + 6, len, ProtocolLimits.DEFAULT));
            b.skipBytes(6 + len);
        }
        return out;
    }

    @Test
    void largeBody_goesOutAsARetainedSlice() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        byte[] payload = new byte[CoalescingWriter.ZERO_COPY_THRESHOLD + 1];
        new java.util.Random(7).nextBytes(payload);
        ByteBuf src = pubBody("big.one", payload);
        int len = pubBodyLength(src);
        assertThat(len).isGreaterThanOrEqualTo(CoalescingWriter.ZERO_COPY_THRESHOLD);

        writer.attach(channel);
        appendPub(writer, "before", 1, Overflow.REFUSE);
        assertThat(writer.appendMsgFromPub(9, 0, src, 3, len, Overflow.REFUSE))
                .isEqualTo(Result.APPENDED);
        assertThat(src.refCnt()).as("retained until written").isEqualTo(2);
        assertThat(src.readerIndex()).isZero();
        appendPub(writer, "after", 1, Overflow.REFUSE);
        assertThat(writer.pendingBytes())
                .isEqualTo(pubFrameSize("before", 1) + 10L + len + pubFrameSize("after", 1));

        channel.runPendingTasks();
        // The frame before it, the large frame (its header and the slice as one composite, so no
        // element holds part of a frame), then the frame after it.
        assertThat(channel.outboundMessages()).hasSize(3);
        Object[] out = channel.outboundMessages().toArray();
        ByteBuf large = (ByteBuf) out[1];
        assertThat(large.readableBytes()).isEqualTo(10 + len);
        assertThat(ByteBufUtil.equals(large.slice(10, len), src.slice(3, len))).isTrue();
        assertThat(src.refCnt()).as("still held by the written slice").isEqualTo(2);

        List<Frame> frames = decodeMixed(written());
        assertThat(src.refCnt()).as("released once written").isEqualTo(1);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(1))
                .usingRecursiveComparison()
                .withEqualsForType(java.util.Arrays::equals, byte[].class)
                .isEqualTo(new Frame.Msg(9, "big.one", null, Headers.EMPTY, payload, false));
        assertThat(((Frame.Pub) frames.get(2)).subject()).isEqualTo("after");
    }

    @Test
    void smallBody_isCopied() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        ByteBuf src = pubBody("small", new byte[100]);
        writer.appendMsgFromPub(
                3, FrameFlags.MSG_NO_RESPONDERS, src, 3, pubBodyLength(src), Overflow.REFUSE);
        assertThat(src.refCnt()).isEqualTo(1);
        writer.attach(channel);
        channel.runPendingTasks();
        assertThat(decode(written()))
                .singleElement()
                .satisfies(
                        f -> {
                            Frame.Msg m = (Frame.Msg) f;
                            assertThat(m.sid()).isEqualTo(3);
                            assertThat(m.noResponders()).isTrue();
                            assertThat(m.payload()).hasSize(100);
                        });
    }

    @Test
    void nothingIsWrittenWhileUnwritable_andWritingResumesOnWritable() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        writer.attach(channel);
        // Bytes written but not flushed past the high watermark make the channel unwritable.
        ByteBuf filler = Unpooled.wrappedBuffer(new byte[64]);
        channel.write(filler);
        assertThat(channel.isWritable()).isFalse();

        appendPub(writer, "a", 5, Overflow.REFUSE);
        channel.runPendingTasks();
        appendPub(writer, "b", 5, Overflow.REFUSE);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(writer.pendingBytes()).isEqualTo(2L * pubFrameSize("a", 5));

        channel.flush(); // the peer reads: Netty's buffer drains
        assertThat(channel.isWritable()).isTrue();
        assertThat(channel.outboundMessages()).hasSize(1);
        ((ByteBuf) channel.readOutbound()).release(); // the filler
        writer.onWritable();
        channel.runPendingTasks();
        assertThat(writer.pendingBytes()).isZero();
        assertThat(decodeAsServer(written()))
                .extracting(f -> ((Frame.Pub) f).subject())
                .containsExactly("a", "b");
    }

    @Test
    void close_releasesEverythingAndRefusesFurtherAppends() {
        writer = new CoalescingWriter(ALLOC, 1 << 20);
        ByteBuf src = pubBody("big", new byte[CoalescingWriter.ZERO_COPY_THRESHOLD]);
        appendPub(writer, "a", 10, Overflow.REFUSE);
        writer.appendMsgFromPub(1, 0, src, 3, pubBodyLength(src), Overflow.REFUSE);
        appendPub(writer, "b", 10, Overflow.REFUSE);
        assertThat(src.refCnt()).isEqualTo(2);
        long pending = writer.pendingBytes();

        assertThat(writer.close()).isEqualTo(pending);
        assertThat(src.refCnt()).isEqualTo(1);
        assertThat(writer.pendingBytes()).isZero();
        assertThat(appendPub(writer, "c", 1, Overflow.DROP_OLDEST)).isEqualTo(Result.FULL);
        assertThat(writer.append(new Frame.Ping(), Overflow.REFUSE)).isEqualTo(Result.FULL);
        assertThat(writer.appendMsgFromPub(1, 0, src, 3, pubBodyLength(src), Overflow.REFUSE))
                .isEqualTo(Result.FULL);
        assertThat(src.refCnt()).isEqualTo(1);
        writer.attach(channel);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
    }

    @Test
    void awaitRoom_returnsOnceAFlushDrains() throws Exception {
        writer = new CoalescingWriter(ALLOC, 1024);
        writer.attach(channel);
        appendPub(writer, "s", 900, Overflow.REFUSE);
        assertThat(writer.awaitRoom(200, TimeUnit.MILLISECONDS.toNanos(1))).isFalse();
        assertThat(writer.awaitRoom(100, 0)).isTrue(); // there is room already

        CompletableFuture<Boolean> room =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return writer.awaitRoom(200, TimeUnit.SECONDS.toNanos(30));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        assertThat(room).isNotDone();
        channel.runPendingTasks(); // the flush drains the buffer and signals waiters
        await().atMost(Duration.ofSeconds(10)).until(room::isDone);
        assertThat(room.get()).isTrue();
        written();
    }

    @Test
    void awaitRoom_returnsFalseWhenClosed() throws Exception {
        writer = new CoalescingWriter(ALLOC, 1024);
        appendPub(writer, "s", 900, Overflow.REFUSE);
        CompletableFuture<Boolean> room =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return writer.awaitRoom(200, TimeUnit.SECONDS.toNanos(30));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        writer.close();
        await().atMost(Duration.ofSeconds(10)).until(room::isDone);
        assertThat(room.get()).isFalse();
    }

    @Test
    void maxPendingBytes_isValidatedAndAdjustable() {
        assertThatThrownBy(() -> new CoalescingWriter(ALLOC, 1023))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1023");
        writer = new CoalescingWriter(ALLOC, 1024);
        assertThat(appendPub(writer, "s", 2000, Overflow.REFUSE)).isEqualTo(Result.FULL);
        writer.maxPendingBytes(4096);
        assertThat(writer.maxPendingBytes()).isEqualTo(4096);
        assertThat(appendPub(writer, "s", 2000, Overflow.REFUSE)).isEqualTo(Result.APPENDED);
    }
}
