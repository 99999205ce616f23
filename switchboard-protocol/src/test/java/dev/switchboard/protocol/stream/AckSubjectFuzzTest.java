package dev.switchboard.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer target for {@link AckSubject#parse}: the client parses the reply subject of every stream
 * delivery (bytes from the broker) with an eight-digits-at-a-time reader and a shortcut for names
 * it saw before. The oracle is a plain reference parser (split on '.', {@link Long#parseLong} on
 * ASCII digits): both must agree on every input, with and without an earlier result whose names may
 * or may not match. In the normal suite it runs over the seed inputs in
 * src/test/resources/.../AckSubjectFuzzTestInputs/parse/; with {@code JAZZER_FUZZ=1} it fuzzes for
 * real (docs/DEVELOPING.md).
 */
class AckSubjectFuzzTest {
    private static final String PREFIX = StreamSubjects.ACK_PREFIX;

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        for (String s : new String[] {raw, PREFIX + raw}) {
            AckSubject expected = reference(s);
            AckSubject got = AckSubject.parse(s);
            assertThat(got).as("parse(%s)", s).isEqualTo(expected);
            AckSubject same = expected == null ? null : reference(s); // equal names, other strings
            AckSubject other = new AckSubject("S", "c", 1, 2, 3, 4, 5);
            assertThat(AckSubject.parse(s, same))
                    .as("parse(%s, same names)", s)
                    .isEqualTo(expected);
            assertThat(AckSubject.parse(s, other))
                    .as("parse(%s, other names)", s)
                    .isEqualTo(expected);
        }
    }

    /** The ack subject's rule, written the plain way. */
    static AckSubject reference(String s) {
        if (!s.startsWith(PREFIX)) {
            return null;
        }
        String[] t = s.substring(PREFIX.length()).split("\\.", -1);
        if (t.length != 7 || t[0].isEmpty() || t[1].isEmpty()) {
            return null;
        }
        long[] n = new long[5];
        for (int i = 0; i < 5; i++) {
            String d = t[i + 2];
            if (d.isEmpty() || d.length() > 19 || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            try {
                n[i] = Long.parseLong(d);
            } catch (NumberFormatException e) {
                return null; // past Long.MAX_VALUE
            }
        }
        return new AckSubject(t[0], t[1], n[0], n[1], n[2], n[3], n[4]);
    }
}
