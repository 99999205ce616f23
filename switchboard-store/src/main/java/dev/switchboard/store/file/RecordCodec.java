package dev.switchboard.store.file;

import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoredMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The record format of a segment file. Big-endian; records follow each other with no padding.
 *
 * <pre>
 *  0       4       8    9               17              25     27
 *  +-------+-------+----+---------------+---------------+------+---------+-------+---------+---------+
 *  |length | crc32c|type|   sequence    | timestamp ns  |subj  | subject |hdrs   | headers | payload |
 *  |  u32  |  u32  | u8 |     u64       |     i64       |len   |  UTF-8  |len u32|         | (rest)  |
 *  |       |       |    |               |               |u16   |         |       |         |         |
 *  +-------+-------+----+---------------+---------------+------+---------+-------+---------+---------+
 *          \______________________________ covered by crc32c _________________________________________/
 *  length = bytes after the length field (crc .. end of payload)
 * </pre>
 *
 * Types: {@link #MESSAGE}; {@link #REMOVE} (sequence = the removed message; subject empty); {@link
 * #PURGE} (sequence = exclusive upper bound; subject = the purged subject, empty for all). Markers
 * carry no headers or payload; their timestamp is when they were written.
 */
final class RecordCodec {
    /** A message. */
    static final byte MESSAGE = 1;

    /** One message removed. */
    static final byte REMOVE = 2;

    /** Every held message below the sequence (on the subject, if any) removed. */
    static final byte PURGE = 3;

    /** Bytes before the subject. */
    static final int SUBJECT_OFFSET = 27;

    /** The smallest value of the length field: everything but the subject, headers and payload. */
    static final int MIN_LENGTH = SUBJECT_OFFSET - 4 + 4;

    /** The largest record accepted on read or write: 128 MiB. */
    static final int MAX_RECORD = 128 << 20;

    /** Per-record bytes besides subject, headers and payload. */
    static final int OVERHEAD = SUBJECT_OFFSET + 4;

    private RecordCodec() {}

    /**
     * @return the encoded record
     */
    static byte[] encode(
            byte type,
            long sequence,
            long timestampNanos,
            byte[] subject,
            byte[] headers,
            byte[] payload) {
        int total = OVERHEAD + subject.length + headers.length + payload.length;
        byte[] out = new byte[total];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putInt(total - 4);
        b.putInt(0); // the CRC, below
        b.put(type);
        b.putLong(sequence);
        b.putLong(timestampNanos);
        b.putShort((short) subject.length);
        b.put(subject);
        b.putInt(headers.length);
        b.put(headers);
        b.put(payload);
        seal(out);
        return out;
    }

    /**
     * Encodes a message record with sequence and timestamp 0 and no CRC, so the costly part can
     * happen before the stream's lock; {@link #stamp} and {@link #seal} finish it.
     *
     * @return the unsealed record
     */
    static byte[] encodeUnsealed(byte[] subject, byte[] headers, byte[] payload) {
        int total = OVERHEAD + subject.length + headers.length + payload.length;
        byte[] out = new byte[total];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putInt(total - 4);
        b.putInt(0);
        b.put(MESSAGE);
        b.putLong(0);
        b.putLong(0);
        b.putShort((short) subject.length);
        b.put(subject);
        b.putInt(headers.length);
        b.put(headers);
        b.put(payload);
        return out;
    }

    /** Sets the sequence and timestamp of an unsealed record. */
    static void stamp(byte[] record, long sequence, long timestampNanos) {
        ByteBuffer b = ByteBuffer.wrap(record);
        b.putLong(9, sequence);
        b.putLong(17, timestampNanos);
    }

    /** Computes and sets the CRC of a record (the writer thread does this, off the lock). */
    static void seal(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record, 8, record.length - 8);
        ByteBuffer.wrap(record).putInt(4, (int) crc.getValue());
    }

    /**
     * Checks the record at {@code pos}: its CRC and that its fields fit.
     *
     * @param b a buffer holding the whole record
     * @param pos where it starts
     * @param total its total size (length field + 4)
     * @return {@code null} if sound, else what is wrong
     */
    static String check(ByteBuffer b, int pos, int total) {
        CRC32C crc = new CRC32C();
        int position = b.position(); // the CRC reads b's own range, then gives it back: a
        int limit = b.limit(); // duplicate per record was 5% of a replaying stream thread
        b.limit(pos + total).position(pos + 8);
        crc.update(b);
        b.limit(limit).position(position);
        if ((int) crc.getValue() != b.getInt(pos + 4)) {
            return "CRC mismatch";
        }
        byte type = type(b, pos);
        if (type != MESSAGE && type != REMOVE && type != PURGE) {
            return "unknown record type " + type;
        }
        int subjectLength = subjectLength(b, pos);
        if (SUBJECT_OFFSET + subjectLength + 4 > total) {
            return "subject length " + subjectLength + " overruns the record";
        }
        long headers = b.getInt(pos + SUBJECT_OFFSET + subjectLength) & 0xFFFFFFFFL;
        if (SUBJECT_OFFSET + subjectLength + 4 + headers > total) {
            return "headers length " + headers + " overruns the record";
        }
        if (sequence(b, pos) < 1 && type != PURGE) {
            return "sequence " + sequence(b, pos) + " < 1";
        }
        if (type == MESSAGE && subjectLength == 0) {
            return "message without a subject";
        }
        return null;
    }

    static byte type(ByteBuffer b, int pos) {
        return b.get(pos + 8);
    }

    static long sequence(ByteBuffer b, int pos) {
        return b.getLong(pos + 9);
    }

    static long timestamp(ByteBuffer b, int pos) {
        return b.getLong(pos + 17);
    }

    static int subjectLength(ByteBuffer b, int pos) {
        return b.getShort(pos + 25) & 0xFFFF;
    }

    static String subject(ByteBuffer b, int pos) {
        int n = subjectLength(b, pos);
        byte[] s = new byte[n];
        b.get(pos + SUBJECT_OFFSET, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /**
     * The subject last decoded by one reader, so that a run of records on one subject (the usual
     * case) shares one {@code String} instead of decoding a new one per record: 7% of a broker's
     * stream thread during replay (JFR, 2026-11-27); recovery uses one per segment too. Confined to
     * the reading thread.
     */
    static final class SubjectCache {
        private static final VarHandle LONG =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

        private byte[] bytes;
        private String text;

        String subject(ByteBuffer b, int pos) {
            int n = subjectLength(b, pos);
            int at = pos + SUBJECT_OFFSET;
            byte[] last = bytes;
            if (last == null || last.length != n || !sameBytes(b, at, last)) {
                last = new byte[n];
                b.get(at, last);
                bytes = last;
                text = new String(last, StandardCharsets.UTF_8);
            }
            return text;
        }

        /** Compares in place, eight bytes at a time (no copy out of the read buffer first). */
        private static boolean sameBytes(ByteBuffer b, int at, byte[] a) {
            int n = a.length;
            int i = 0;
            for (; i + 8 <= n; i += 8) { // records are read big-endian, as LONG
                if (b.getLong(at + i) != (long) LONG.get(a, i)) {
                    return false;
                }
            }
            for (; i < n; i++) {
                if (b.get(at + i) != a[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * @return the accounted size ({@link StoreConfig#accountedBytes}) of a checked record
     */
    static int accounted(ByteBuffer b, int pos, int total) {
        int subjectLength = subjectLength(b, pos);
        int headers = b.getInt(pos + SUBJECT_OFFSET + subjectLength);
        int payload = total - OVERHEAD - subjectLength - headers;
        return (int) StoreConfig.accountedBytes(subjectLength, headers, payload);
    }

    /**
     * @param subjects the reader's subject cache
     * @return the checked message record at {@code pos} as a message
     */
    static StoredMessage decode(ByteBuffer b, int pos, int total, SubjectCache subjects) {
        int subjectLength = subjectLength(b, pos);
        int at = pos + SUBJECT_OFFSET + subjectLength;
        int headersLength = b.getInt(at);
        byte[] headers = new byte[headersLength];
        b.get(at + 4, headers);
        byte[] payload = new byte[total - OVERHEAD - subjectLength - headersLength];
        b.get(at + 4 + headersLength, payload);
        return new StoredMessage(
                sequence(b, pos), timestamp(b, pos), subjects.subject(b, pos), headers, payload);
    }
}
