package dev.switchboard.cli.messaging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prints received messages in one of three forms.
 *
 * <ul>
 *   <li>{@link Mode#HUMAN}: {@code [#n] subject (reply: x) name=value ... : payload}, the payload
 *       as text when it is UTF-8 without control characters (other than tab), else as {@code 0x...}
 *       hex.
 *   <li>{@link Mode#RAW}: the payload bytes and a newline. A UTF-8 payload goes through the
 *       command's writer; any other payload is written byte for byte to {@code rawBytes} (standard
 *       output), after flushing the writer, so binary survives a pipe.
 *   <li>{@link Mode#JSON}: one object per line, {@code {"subject":..,"reply_to":..,"headers":{..},
 *       "payload":..,"encoding":"utf-8"|"base64"}}; {@code reply_to} is {@code null} when absent,
 *       repeated header names keep their last value in the object and are all listed in {@code
 *       header_list} only when a name repeats.
 * </ul>
 *
 * <p>Thread-safety: {@link #print} holds a lock while it writes, so handlers on any thread may call
 * it.
 */
public final class MessagePrinter {
    /** How to print. */
    public enum Mode {
        /** One readable line per message. */
        HUMAN,
        /** The payload only. */
        RAW,
        /** One JSON object per line. */
        JSON
    }

    private final Mode mode;
    private final PrintWriter out;
    private final PrintStream rawBytes;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param mode the form
     * @param out the command's standard output
     * @param rawBytes where {@link Mode#RAW} writes payloads that are not UTF-8 text
     */
    public MessagePrinter(Mode mode, PrintWriter out, PrintStream rawBytes) {
        this.mode = mode;
        this.out = out;
        this.rawBytes = rawBytes;
    }

    /**
     * Prints one message and flushes.
     *
     * @param n the message's number, from 1
     * @param subject its subject
     * @param replyTo its reply subject, or {@code null}
     * @param headers its headers in order
     * @param payload its payload
     */
    public void print(
            long n,
            String subject,
            String replyTo,
            List<Map.Entry<String, String>> headers,
            byte[] payload) {
        lock.lock();
        try {
            switch (mode) {
                case HUMAN -> out.println(human(n, subject, replyTo, headers, payload));
                case JSON -> out.println(json(subject, replyTo, headers, payload));
                case RAW -> raw(payload);
            }
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    private void raw(byte[] payload) {
        String text = utf8(payload);
        if (text != null) {
            out.println(text);
        } else {
            out.flush();
            rawBytes.write(payload, 0, payload.length);
            rawBytes.println();
            rawBytes.flush();
        }
    }

    /**
     * @return the human line for a message (see the class comment)
     */
    static String human(
            long n,
            String subject,
            String replyTo,
            List<Map.Entry<String, String>> headers,
            byte[] payload) {
        StringBuilder b = new StringBuilder().append("[#").append(n).append("] ").append(subject);
        if (replyTo != null) {
            b.append(" (reply: ").append(replyTo).append(')');
        }
        for (Map.Entry<String, String> h : headers) {
            b.append(' ').append(h.getKey()).append('=').append(h.getValue());
        }
        return b.append(" : ").append(readable(payload)).toString();
    }

    /**
     * @param payload bytes
     * @return them as text if printable UTF-8, else {@code 0x} and hex
     */
    public static String readable(byte[] payload) {
        String text = utf8(payload);
        if (text != null && text.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            return text;
        }
        return "0x" + HexFormat.of().formatHex(payload);
    }

    /**
     * @return the JSON line for a message (see the class comment)
     */
    static String json(
            String subject,
            String replyTo,
            List<Map.Entry<String, String>> headers,
            byte[] payload) {
        StringBuilder b = new StringBuilder("{\"subject\":");
        quote(b, subject);
        b.append(",\"reply_to\":");
        if (replyTo == null) {
            b.append("null");
        } else {
            quote(b, replyTo);
        }
        b.append(",\"headers\":{");
        boolean repeats =
                headers.stream().map(Map.Entry::getKey).distinct().count() < headers.size();
        LinkedHashMap<String, String> last = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            last.put(h.getKey(), h.getValue());
        }
        String sep = "";
        for (Map.Entry<String, String> h : last.entrySet()) {
            b.append(sep);
            quote(b, h.getKey());
            b.append(':');
            quote(b, h.getValue());
            sep = ",";
        }
        b.append('}');
        if (repeats) {
            b.append(",\"header_list\":[");
            sep = "";
            for (Map.Entry<String, String> h : headers) {
                b.append(sep).append('[');
                quote(b, h.getKey());
                b.append(',');
                quote(b, h.getValue());
                b.append(']');
                sep = ",";
            }
            b.append(']');
        }
        String text = utf8(payload);
        b.append(",\"payload\":");
        if (text != null) {
            quote(b, text);
            b.append(",\"encoding\":\"utf-8\"");
        } else {
            quote(b, Base64.getEncoder().encodeToString(payload));
            b.append(",\"encoding\":\"base64\"");
        }
        return b.append('}').toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * @return the payload as a string if it is valid UTF-8, else {@code null}
     */
    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
