package dev.switchboard.broker.internal.stream;

import dev.switchboard.protocol.AsciiDecimal;
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
        int need = prefix.length + consumer.length() + 5 * 21;
        if (buf.length < need) {
            buf = new byte[need];
        }
        byte[] b = buf;
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        int at = prefix.length;
        for (int i = 0, n = consumer.length(); i < n; i++) {
            b[at++] = (byte) consumer.charAt(i);
        }
        at = number(b, at, deliveries);
        at = number(b, at, streamSeq);
        at = number(b, at, consumerSeq);
        at = number(b, at, timestampNanos);
        at = number(b, at, pending);
        return new AsciiString(b, 0, at, false);
    }

    /**
     * Writes '.' and the decimal digits of a value; returns the new end. The fields are never
     * negative ({@link AsciiDecimal#write} refuses one).
     */
    private static int number(byte[] b, int at, long v) {
        b[at] = '.';
        return AsciiDecimal.write(b, at + 1, v);
    }
}
