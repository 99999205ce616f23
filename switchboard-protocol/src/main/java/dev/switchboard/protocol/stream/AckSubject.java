package dev.switchboard.protocol.stream;

import dev.switchboard.protocol.AsciiDecimal;
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
            long v = AsciiDecimal.read(b, from, i);
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
