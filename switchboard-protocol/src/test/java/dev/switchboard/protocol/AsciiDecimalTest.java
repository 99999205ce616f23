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
    void aNegativeValue_isRefused() {
        assertThatThrownBy(() -> AsciiDecimal.write(new byte[32], 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
