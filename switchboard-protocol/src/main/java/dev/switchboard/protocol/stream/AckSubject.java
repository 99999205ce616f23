package dev.switchboard.protocol.stream;

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
        if (subject == null || !subject.startsWith(StreamSubjects.ACK_PREFIX)) {
            return null;
        }
        int start = StreamSubjects.ACK_PREFIX.length();
        int dot1 = subject.indexOf('.', start);
        if (dot1 <= start) {
            return null;
        }
        int dot2 = subject.indexOf('.', dot1 + 1);
        if (dot2 <= dot1 + 1) {
            return null;
        }
        long[] numbers = new long[5];
        int at = dot2 + 1;
        for (int i = 0; i < 5; i++) {
            int end = i < 4 ? subject.indexOf('.', at) : subject.length();
            if (end < 0) {
                return null;
            }
            long v = digits(subject, at, end);
            if (v < 0) {
                return null;
            }
            numbers[i] = v;
            at = end + 1;
        }
        return new AckSubject(
                subject.substring(start, dot1),
                subject.substring(dot1 + 1, dot2),
                numbers[0],
                numbers[1],
                numbers[2],
                numbers[3],
                numbers[4]);
    }

    /** The unsigned decimal in {@code s[from, to)}, or -1 if empty, not digits, or too large. */
    private static long digits(String s, int from, int to) {
        if (to <= from || to - from > 19) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
            if (v < 0) {
                return -1; // overflow past Long.MAX_VALUE
            }
        }
        return v;
    }
}
