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
     * @param subject a subject
     * @return its fields, or {@code null} if it is not an ack subject
     */
    public static AckSubject parse(String subject) {
        if (subject == null || !subject.startsWith(StreamSubjects.ACK_PREFIX)) {
            return null;
        }
        String[] t = subject.substring(StreamSubjects.ACK_PREFIX.length()).split("\\.", -1);
        if (t.length != 7) {
            return null;
        }
        try {
            return new AckSubject(
                    t[0],
                    t[1],
                    Long.parseLong(t[2]),
                    Long.parseLong(t[3]),
                    Long.parseLong(t[4]),
                    Long.parseLong(t[5]),
                    Long.parseLong(t[6]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
