package dev.switchboard.protocol.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The reply subject of a stream delivery, which is also its metadata and its address for
 * acknowledgements:
 *
 * <pre>
 * $SYS.ACK.&lt;stream&gt;.&lt;consumer&gt;.&lt;deliveries&gt;.&lt;stream_seq&gt;.&lt;consumer_seq&gt;.&lt;timestamp_ns&gt;.&lt;pending&gt;
 * </pre>
 *
 * @param stream the stream
 * @param consumer the consumer
 * @param deliveries how many times this message has been delivered, this time included
 * @param streamSeq its stream sequence
 * @param consumerSeq this delivery's consumer sequence
 * @param timestampNanos when it was stored, nanoseconds since the epoch
 * @param pending messages matching the consumer not yet delivered, at the time of delivery
 */
public record AckSubject(
        String stream,
        String consumer,
        long deliveries,
        long streamSeq,
        long consumerSeq,
        long timestampNanos,
        long pending) {

    private static final VarHandle LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L; // eight '0's

    /**
     * @return the subject
     */
    public String format() {
        return StreamSubjects.ACK_PREFIX
                + stream
                + '.'
                + consumer
                + '.'
                + deliveries
                + '.'
                + streamSeq
                + '.'
                + consumerSeq
                + '.'
                + timestampNanos
                + '.'
                + pending;
    }

    /**
     * Parses an ack subject in one pass (no splitting, no regular expression): the client parses
     * one per delivered message.
     *
     * @param subject a subject
     * @return its fields, or {@code null} if it is not an ack subject (seven tokens after the
     *     prefix, the last five unsigned decimal numbers)
     */
    public static AckSubject parse(String subject) {
        return parse(subject, null);
    }

    /**
     * {@link #parse(String)} sharing the stream and consumer name strings of an earlier parse when
     * the subject carries the same names: a consumer's deliveries all do.
     *
     * @param subject a subject
     * @param earlier an earlier result, or {@code null}
     * @return its fields, or {@code null} if it is not an ack subject
     */
    public static AckSubject parse(String subject, AckSubject earlier) {
        if (subject == null || !subject.startsWith(StreamSubjects.ACK_PREFIX)) {
            return null;
        }
        int start = StreamSubjects.ACK_PREFIX.length();
        String stream = earlier == null ? null : sameNameAt(subject, start, earlier.stream);
        int dot1 = stream != null ? start + stream.length() : subject.indexOf('.', start);
        if (dot1 <= start) {
            return null;
        }
        String consumer = earlier == null ? null : sameNameAt(subject, dot1 + 1, earlier.consumer);
        int dot2 = consumer != null ? dot1 + 1 + consumer.length() : subject.indexOf('.', dot1 + 1);
        if (dot2 <= dot1 + 1) {
            return null;
        }
        // The five numbers in one pass: digits, a '.' between each two, nothing after the last.
        long deliveries = 0;
        long streamSeq = 0;
        long consumerSeq = 0;
        long timestamp = 0;
        long pending = 0;
        // On a copy of the bytes: String.charAt per digit took twice as long as copy and loop.
        // A char above 0xFF becomes '?', which is no digit either; a surrogate pair becomes one
        // '?', so if there is one the numbers are copied alone to keep the indexes right.
        byte[] b = subject.getBytes(StandardCharsets.ISO_8859_1);
        int i = dot2;
        if (b.length != subject.length()) {
            b = subject.substring(dot2).getBytes(StandardCharsets.ISO_8859_1);
            i = 0;
        }
        int n = b.length;
        for (int field = 0; field < 5; field++) {
            if (i >= n || b[i] != '.') {
                return null; // too few numbers, or one that is not a number
            }
            int from = ++i;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            long v = digits(b, from, i);
            if (v < 0) {
                return null; // empty, or past Long.MAX_VALUE
            }
            switch (field) {
                case 0 -> deliveries = v;
                case 1 -> streamSeq = v;
                case 2 -> consumerSeq = v;
                case 3 -> timestamp = v;
                default -> pending = v;
            }
        }
        if (i != n) {
            return null; // something after the last number
        }
        return new AckSubject(
                stream != null ? stream : subject.substring(start, dot1),
                consumer != null ? consumer : subject.substring(dot1 + 1, dot2),
                deliveries,
                streamSeq,
                consumerSeq,
                timestamp,
                pending);
    }

    /**
     * The value of the ASCII digits {@code b[from, to)}, or -1 if there are none, more than 19, or
     * it is past {@link Long#MAX_VALUE}. Eight digits at a time with a few multiplications (the
     * bytes before {@code from} in the first eight read as '0'): one multiply-add per digit made a
     * chain 45 long for an ack subject's numbers, most of a parse.
     */
    private static long digits(byte[] b, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 19) {
            return -1;
        }
        int chunks = (len + 7) >>> 3;
        int at = to - 8 * chunks;
        if (at < 0) { // too near the start of the array to read eight bytes back
            long v = 0;
            for (int i = from; i < to; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return len == 19 && v < 0 ? -1 : v;
        }
        long lead = (1L << (8 * (8 * chunks - len))) - 1; // the bytes before 'from', as '0'
        long first = eight(((long) LE.get(b, at) & ~lead) | (ZEROS & lead));
        long rest = 0;
        for (int c = 1; c < chunks; c++) {
            rest = rest * 100_000_000L + eight((long) LE.get(b, at + 8 * c));
        }
        if (chunks == 1) {
            return first;
        }
        long scale = chunks == 2 ? 100_000_000L : 10_000_000_000_000_000L;
        if (len == 19 && (first > 922 || (first == 922 && rest > 3_372_036_854_775_807L))) {
            return -1; // past Long.MAX_VALUE (9,223,372,036,854,775,807)
        }
        return first * scale + rest;
    }

    /** The value of eight ASCII digits read little-endian (the first digit in the low byte). */
    private static long eight(long x) {
        x -= ZEROS;
        x = x * 10 + (x >>> 8); // each pair of digits as one number, in every other byte
        return (((x & 0x000000FF000000FFL) * (100 + (1_000_000L << 32)))
                        + (((x >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))))
                >>> 32;
    }

    /**
     * {@code known} (an earlier delivery's name, which holds no '.') if the token at {@code from}
     * is that name, else {@code null}.
     */
    private static String sameNameAt(String s, int from, String known) {
        int end = from + known.length();
        return end < s.length()
                        && s.charAt(end) == '.'
                        && s.regionMatches(from, known, 0, known.length())
                ? known
                : null;
    }
}
