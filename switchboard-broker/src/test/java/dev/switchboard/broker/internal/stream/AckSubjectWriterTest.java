package dev.switchboard.broker.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.stream.AckSubject;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AckSubjectWriterTest {

    @Test
    void writesWhatAckSubjectFormats_forEdgeAndRandomValues() {
        AckSubjectWriter w = new AckSubjectWriter("ORDERS");
        long[] edges = {0, 1, 9, 10, 99, 100, 999_999_999_999L, Long.MAX_VALUE};
        for (long v : edges) {
            check(w, new AckSubject("ORDERS", "c-1_x", v, v, v, v, v));
        }
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            check(
                    w,
                    new AckSubject(
                            "ORDERS",
                            "consumer".repeat(1 + r.nextInt(8)),
                            (r.nextLong() >>> 1) >>> r.nextInt(63),
                            r.nextLong() >>> 1,
                            r.nextInt(1000),
                            r.nextLong() >>> 1,
                            (r.nextLong() >>> 1) >>> r.nextInt(63)));
        }
    }

    private static void check(AckSubjectWriter w, AckSubject a) {
        CharSequence s =
                w.write(
                        a.consumer(),
                        a.deliveries(),
                        a.streamSeq(),
                        a.consumerSeq(),
                        a.timestampNanos(),
                        a.pending());
        assertThat(s.toString()).isEqualTo(a.format());
        assertThat(FrameWriter.utf8Length(s)).isEqualTo(a.format().length());
        assertThat(AckSubject.parse(s.toString())).isEqualTo(a);
    }
}
