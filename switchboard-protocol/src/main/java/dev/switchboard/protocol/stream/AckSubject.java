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
        int dot1 = subject.indexOf('.', start);
        if (dot1 <= start) {
            return null;
        }
        int dot2 = subject.indexOf('.', dot1 + 1);
        if (dot2 <= dot1 + 1) {
            return null;
        }
        int e1 = subject.indexOf('.', dot2 + 1);
        int e2 = e1 < 0 ? -1 : subject.indexOf('.', e1 + 1);
        int e3 = e2 < 0 ? -1 : subject.indexOf('.', e2 + 1);
        int e4 = e3 < 0 ? -1 : subject.indexOf('.', e3 + 1);
        if (e4 < 0) {
            return null;
        }
        long deliveries = digits(subject, dot2 + 1, e1);
        long streamSeq = digits(subject, e1 + 1, e2);
        long consumerSeq = digits(subject, e2 + 1, e3);
        long timestamp = digits(subject, e3 + 1, e4);
        long pending = digits(subject, e4 + 1, subject.length());
        if ((deliveries | streamSeq | consumerSeq | timestamp | pending) < 0) {
            return null; // one of them was not a number (a trailing '.' or token is one too)
        }
        return new AckSubject(
                name(subject, start, dot1, earlier == null ? null : earlier.stream),
                name(subject, dot1 + 1, dot2, earlier == null ? null : earlier.consumer),
                deliveries,
                streamSeq,
                consumerSeq,
                timestamp,
                pending);
    }

    /** {@code s[from, to)}, as {@code known} when that is the same text. */
    private static String name(String s, int from, int to, String known) {
        if (known != null
                && known.length() == to - from
                && s.regionMatches(from, known, 0, known.length())) {
            return known;
        }
        return s.substring(from, to);
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
