package dev.switchboard.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.StoredMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Decoding records with a reader's subject cache gives the same messages as without one. */
class RecordCodecTest {

    private static byte[] record(long seq, String subject, String payload) {
        return RecordCodec.encode(
                RecordCodec.MESSAGE,
                seq,
                1_000L * seq,
                subject.getBytes(StandardCharsets.UTF_8),
                new byte[0],
                payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRunOfOneSubject_sharesOneString_andAChangeOfSubjectIsSeen() {
        String[] subjects = {
            "orders.eu", "orders.eu", "orders.us", "orders.eu", "ö.🙂", "ö.🙂", ""
        };
        RecordCodec.SubjectCache cache = new RecordCodec.SubjectCache();
        StoredMessage previous = null;
        for (int i = 0; i < subjects.length; i++) {
            ByteBuffer b = ByteBuffer.wrap(record(i + 1, subjects[i], "p" + i));
            int total = b.capacity();
            StoredMessage cached = RecordCodec.decode(b, 0, total, cache);
            StoredMessage fresh = RecordCodec.decode(b, 0, total, new RecordCodec.SubjectCache());
            assertThat(cached).usingRecursiveComparison().isEqualTo(fresh);
            assertThat(cached.subject()).isEqualTo(subjects[i]);
            if (previous != null) {
                if (subjects[i].equals(subjects[i - 1])) {
                    assertThat(cached.subject()).isSameAs(previous.subject());
                } else {
                    assertThat(cached.subject()).isNotEqualTo(previous.subject());
                }
            }
            previous = cached;
        }
    }

    @Test
    void subjectsDifferingInAnyOneByte_areTold_inADirectBufferAtAnOffset() {
        String base = "devices.eu-north.sensor-0042.temp"; // 33 bytes: four longs and a byte
        RecordCodec.SubjectCache cache = new RecordCodec.SubjectCache();
        for (int at = 0; at < base.length(); at++) {
            char[] c = base.toCharArray();
            c[at] = c[at] == 'x' ? 'y' : 'x';
            for (String subject : new String[] {base, new String(c), base}) {
                byte[] rec = record(at + 1, subject, "p");
                ByteBuffer b = ByteBuffer.allocateDirect(rec.length + 5);
                b.put(5, rec);
                assertThat(RecordCodec.decode(b, 5, rec.length, cache).subject())
                        .isEqualTo(subject);
            }
        }
    }

    @Test
    void aSubjectLongerThanTheScratchArray_isDecodedWhole() {
        String longSubject = "a." + "b".repeat(300);
        RecordCodec.SubjectCache cache = new RecordCodec.SubjectCache();
        ByteBuffer b = ByteBuffer.wrap(record(7, longSubject, "x"));
        assertThat(RecordCodec.decode(b, 0, b.capacity(), cache).subject()).isEqualTo(longSubject);
        ByteBuffer c = ByteBuffer.wrap(record(8, "short", "y"));
        assertThat(RecordCodec.decode(c, 0, c.capacity(), cache).subject()).isEqualTo("short");
    }
}
