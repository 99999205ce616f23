package dev.switchboard.broker.internal.stream;

import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.ConsumerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a consumer's saved state (kept by the stream's {@code ConsumerStateStore}):
 *
 * <pre>
 * magic "SBC1" | u32 configLen | config JSON | i64 createdSec | i32 createdNano
 * | i64 nextSeq | i64 consumerSeq | i64 ackFloor | i64 deadLettered
 * | u32 pendingCount | pendingCount × (i64 seq | i64 deliveries | i64 consumerSeq)
 * | u32 initialCount | initialCount × i64 seq
 * </pre>
 */
final class ConsumerStateCodec {
    private static final int MAGIC = 0x53424331; // "SBC1"

    /**
     * A pending delivery.
     *
     * @param seq its stream sequence
     * @param deliveries how many times it was delivered
     * @param consumerSeq its last delivery's consumer sequence
     */
    record PendingEntry(long seq, long deliveries, long consumerSeq) {}

    /**
     * Everything a consumer needs to resume.
     *
     * @param config its definition
     * @param created when it was created
     * @param nextSeq the next stream sequence to consider for a first delivery
     * @param consumerSeq deliveries made
     * @param ackFloor the ack floor
     * @param deadLettered messages given up so far
     * @param pending outstanding deliveries
     * @param initial last-per-subject sequences not yet delivered
     */
    record State(
            ConsumerConfig config,
            Instant created,
            long nextSeq,
            long consumerSeq,
            long ackFloor,
            long deadLettered,
            List<PendingEntry> pending,
            List<Long> initial) {}

    private ConsumerStateCodec() {}

    static byte[] encode(State s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + s.pending().size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            byte[] config = ApiJson.write(s.config());
            out.writeInt(config.length);
            out.write(config);
            out.writeLong(s.created().getEpochSecond());
            out.writeInt(s.created().getNano());
            out.writeLong(s.nextSeq());
            out.writeLong(s.consumerSeq());
            out.writeLong(s.ackFloor());
            out.writeLong(s.deadLettered());
            out.writeInt(s.pending().size());
            for (PendingEntry e : s.pending()) {
                out.writeLong(e.seq());
                out.writeLong(e.deliveries());
                out.writeLong(e.consumerSeq());
            }
            out.writeInt(s.initial().size());
            for (long seq : s.initial()) {
                out.writeLong(seq);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes a saved state
     * @return it, decoded
     * @throws IllegalArgumentException if it is not a valid state
     */
    static State decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a consumer state (bad magic)");
            }
            byte[] config = new byte[checkedCount(in.readInt(), bytes.length)];
            in.readFully(config);
            ConsumerConfig cfg;
            try {
                cfg = ApiJson.readReply(config, ConsumerConfig.class);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("corrupt consumer config: " + e.getMessage(), e);
            }
            Instant created = Instant.ofEpochSecond(in.readLong(), in.readInt());
            long nextSeq = in.readLong();
            long consumerSeq = in.readLong();
            long ackFloor = in.readLong();
            long deadLettered = in.readLong();
            int n = checkedCount(in.readInt(), bytes.length / 24);
            List<PendingEntry> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                pending.add(new PendingEntry(in.readLong(), in.readLong(), in.readLong()));
            }
            int m = checkedCount(in.readInt(), bytes.length / 8);
            List<Long> initial = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                initial.add(in.readLong());
            }
            return new State(
                    cfg, created, nextSeq, consumerSeq, ackFloor, deadLettered, pending, initial);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated consumer state", e);
        }
    }

    private static int checkedCount(int n, int max) {
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("corrupt consumer state (count " + n + ")");
        }
        return n;
    }
}
