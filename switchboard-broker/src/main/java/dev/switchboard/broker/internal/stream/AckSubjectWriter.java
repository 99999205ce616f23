package dev.switchboard.broker.internal.stream;

import dev.switchboard.protocol.stream.AckSubject;
import dev.switchboard.protocol.stream.StreamSubjects;
import io.netty.util.AsciiString;

/**
 * Builds the ack subject of each delivery ({@link AckSubject}'s layout) as ASCII bytes in one
 * reused array, so a delivery allocates no string: the frame writer copies the bytes as they are.
 * Stream and consumer names are ASCII by their naming rule. Confined to the stream's thread; the
 * returned view is valid until the next call.
 */
final class AckSubjectWriter {
    private final byte[] prefix; // "$SYS.ACK.<stream>."
    private byte[] buf = new byte[160];
    private String lastConsumer; // buf[0, head) holds the prefix and this consumer's name
    private int head;
    private final AckNumber deliveriesField = new AckNumber();
    private final AckNumber streamSeqField = new AckNumber();
    private final AckNumber consumerSeqField = new AckNumber();
    private final AckNumber timestampField = new AckNumber();
    private final AckNumber pendingField = new AckNumber();

    AckSubjectWriter(String stream) {
        String p = StreamSubjects.ACK_PREFIX + stream + '.';
        prefix = new byte[p.length()];
        for (int i = 0; i < prefix.length; i++) {
            prefix[i] = (byte) p.charAt(i);
        }
    }

    /**
     * @return the ack subject for these fields, as a view of the reused array
     */
    AsciiString write(
            String consumer,
            long deliveries,
            long streamSeq,
            long consumerSeq,
            long timestampNanos,
            long pending) {
        if (consumer != lastConsumer) { // else the array starts with its prefix already
            int need = prefix.length + consumer.length() + 5 * 21;
            if (buf.length < need) {
                buf = new byte[need];
            }
            System.arraycopy(prefix, 0, buf, 0, prefix.length);
            int at = prefix.length;
            for (int i = 0, n = consumer.length(); i < n; i++) {
                buf[at++] = (byte) consumer.charAt(i);
            }
            head = at;
            lastConsumer = consumer;
        }
        byte[] b = buf;
        int at = head;
        deliveriesField.set(deliveries);
        streamSeqField.set(streamSeq);
        consumerSeqField.set(consumerSeq);
        timestampField.set(timestampNanos);
        pendingField.set(pending);
        at = deliveriesField.writeTo(b, at);
        at = streamSeqField.writeTo(b, at);
        at = consumerSeqField.writeTo(b, at);
        at = timestampField.writeTo(b, at);
        at = pendingField.writeTo(b, at);
        return new AsciiString(b, 0, at, false);
    }
}
