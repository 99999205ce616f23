package dev.switchboard.client.internal;

import dev.switchboard.protocol.stream.PubAck;
import java.nio.charset.StandardCharsets;

/**
 * Reads the common acknowledgement bodies, {@code {"stream":"S","seq":N}} with an optional {@code
 * "duplicate":true}, without Jackson: a flat object of string, number, boolean and null values
 * whose strings have no escapes. Anything else (an error body, nesting, escapes) returns {@code
 * null}, and the caller falls back to {@link dev.switchboard.protocol.stream.ApiJson}. Jackson
 * binding a record costs tens of microseconds per reply, which would cap a window of acknowledged
 * publishes well below what the connection carries.
 *
 * <p>Stateless and thread-safe.
 */
final class PubAckReader {
    private PubAckReader() {}

    /**
     * @param json a reply body
     * @return the acknowledgement, or {@code null} if this reader does not handle the body
     */
    static PubAck read(byte[] json) {
        int[] pos = {skip(json, 0)};
        if (pos[0] >= json.length || json[pos[0]] != '{') {
            return null;
        }
        pos[0]++;
        String stream = null;
        long seq = -1;
        boolean duplicate = false;
        while (true) {
            int i = skip(json, pos[0]);
            if (i >= json.length) {
                return null;
            }
            if (json[i] == '}') {
                break;
            }
            if (json[i] == ',') {
                i = skip(json, i + 1);
            }
            int keyEnd = stringEnd(json, i);
            if (keyEnd < 0) {
                return null;
            }
            String key = new String(json, i + 1, keyEnd - i - 1, StandardCharsets.UTF_8);
            i = skip(json, keyEnd + 1);
            if (i >= json.length || json[i] != ':') {
                return null;
            }
            i = skip(json, i + 1);
            if (i >= json.length) {
                return null;
            }
            byte c = json[i];
            if (c == '"') {
                int end = stringEnd(json, i);
                if (end < 0) {
                    return null;
                }
                if (key.equals("stream")) {
                    stream = new String(json, i + 1, end - i - 1, StandardCharsets.UTF_8);
                }
                i = end + 1;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int start = c == '-' ? i + 1 : i;
                int end = start;
                while (end < json.length && json[end] >= '0' && json[end] <= '9') {
                    end++;
                }
                if (end == start
                        || end - start > 19
                        || (end < json.length
                                && (json[end] == '.' || json[end] == 'e' || json[end] == 'E'))) {
                    return null; // not a plain long
                }
                long v;
                try {
                    v = Long.parseLong(new String(json, i, end - i, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    return null;
                }
                i = end;
                if (key.equals("seq")) {
                    seq = v;
                }
            } else if (literal(json, i, "true")) {
                duplicate |= key.equals("duplicate");
                i += 4;
            } else if (literal(json, i, "false")) {
                i += 5;
            } else if (literal(json, i, "null")) {
                i += 4;
            } else {
                return null; // an object or array: maybe an error body
            }
            if (key.equals("error")) {
                return null;
            }
            pos[0] = i;
        }
        return stream == null || seq < 0 ? null : new PubAck(stream, seq, duplicate);
    }

    private static int skip(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The index of the closing quote of the string starting at {@code i}, or -1. */
    private static int stringEnd(byte[] b, int i) {
        if (i >= b.length || b[i] != '"') {
            return -1;
        }
        for (int j = i + 1; j < b.length; j++) {
            if (b[j] == '\\') {
                return -1;
            }
            if (b[j] == '"') {
                return j;
            }
        }
        return -1;
    }

    private static boolean literal(byte[] b, int i, String word) {
        if (i + word.length() > b.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
