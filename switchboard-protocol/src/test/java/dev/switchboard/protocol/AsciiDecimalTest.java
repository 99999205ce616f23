package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link AsciiDecimal} writes what {@link Long#toString(long)} would, in place. */
class AsciiDecimalTest {

    private static void check(long v) {
        String expected = Long.toString(v);
        assertThat(AsciiDecimal.length(v)).as("length of %d", v).isEqualTo(expected.length());
        byte[] b = new byte[2 + expected.length() + 2];
        int end = AsciiDecimal.write(b, 2, v);
        assertThat(end).isEqualTo(2 + expected.length());
        assertThat(new String(b, 2, expected.length(), StandardCharsets.US_ASCII))
                .isEqualTo(expected);
        assertThat(b[0]).isZero();
        assertThat(b[end]).as("nothing written past the end").isZero();
        byte[] c = new byte[expected.length() + 1];
        assertThat(AsciiDecimal.writeEndingAt(c, c.length, v)).isEqualTo(1);
        assertThat(new String(c, 1, expected.length(), StandardCharsets.US_ASCII))
                .isEqualTo(expected);
        assertThat(c[0]).as("nothing written before the start").isZero();
    }

    @Test
    void everyPowerOfTenAndItsNeighbours_andRandomValues() {
        check(0);
        check(Long.MAX_VALUE);
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            check(p - 1);
            check(p);
            check(p + 1);
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            check(r.nextLong(Long.MAX_VALUE));
            check(r.nextLong(1_000_000));
        }
    }

    @Test
    void read_givesBackWhatWasWritten_atEveryLength_andRefusesPastTheLongLimit() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long v = r.nextLong(Long.MAX_VALUE) >>> r.nextInt(63);
            byte[] b = ("xx." + v + ".yy").getBytes(StandardCharsets.US_ASCII);
            int from = 3;
            int to = from + AsciiDecimal.length(v);
            assertThat(AsciiDecimal.read(b, from, to)).as("read %d", v).isEqualTo(v);
            byte[] tight = Long.toString(v).getBytes(StandardCharsets.US_ASCII); // no room before
            assertThat(AsciiDecimal.read(tight, 0, tight.length)).isEqualTo(v);
        }
        byte[] max = ".9223372036854775807".getBytes(StandardCharsets.US_ASCII);
        assertThat(AsciiDecimal.read(max, 1, max.length)).isEqualTo(Long.MAX_VALUE);
        byte[] over = ".9223372036854775808".getBytes(StandardCharsets.US_ASCII);
        assertThat(AsciiDecimal.read(over, 1, over.length)).isEqualTo(-1);
        byte[] twenty = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(AsciiDecimal.read(twenty, 0, twenty.length)).isEqualTo(-1);
        assertThat(AsciiDecimal.read(twenty, 3, 3)).isEqualTo(-1);
    }

    @Test
    void aNegativeValue_isRefused() {
        assertThatThrownBy(() -> AsciiDecimal.write(new byte[32], 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
