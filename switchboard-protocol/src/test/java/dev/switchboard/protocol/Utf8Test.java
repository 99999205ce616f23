package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void isAscii_findsOneHighByte_atEveryPositionOfEveryLength() {
        for (int n = 0; n <= 40; n++) {
            byte[] b = new byte[n];
            Arrays.fill(b, (byte) 'a');
            assertThat(Utf8.isAscii(b)).as("length %d, all ASCII", n).isTrue();
            if (n > 0) { // a range that leaves out a high byte on each side
                byte[] framed = new byte[n + 2];
                Arrays.fill(framed, (byte) 'a');
                framed[0] = (byte) 0x80;
                framed[n + 1] = (byte) 0x80;
                assertThat(Utf8.isAscii(framed, 1, n)).as("range of %d", n).isTrue();
                assertThat(Utf8.isAscii(framed, 0, n)).isFalse();
                assertThat(Utf8.isAscii(framed, 2, n)).isFalse();
            }
            for (int at = 0; at < n; at++) {
                for (int high : new int[] {0x80, 0xC3, 0xFF}) {
                    byte[] c = b.clone();
                    c[at] = (byte) high;
                    assertThat(Utf8.isAscii(c)).as("length %d, 0x%X at %d", n, high, at).isFalse();
                }
            }
        }
    }

    @Test
    void decode_asciiAndUtf8_andRefusesMalformed() {
        String s = "orders.caf\u00e9.\u6771\u4eac.\ud83d\ude00.long-enough-for-eight";
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.decode(utf8)).isEqualTo(s);
        assertThat(Utf8.decode(Unpooled.wrappedBuffer(utf8), 0, utf8.length)).isEqualTo(s);
        assertThat(Utf8.decode("$SYS.ACK.S.c.1.2.3.4.5".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("$SYS.ACK.S.c.1.2.3.4.5");
        byte[] framed = new byte[utf8.length + 4];
        System.arraycopy(utf8, 0, framed, 2, utf8.length);
        framed[0] = (byte) 0xC3; // outside the range: never read
        assertThat(Utf8.decode(framed, 2, utf8.length)).isEqualTo(s);
        assertThat(Utf8.decode(framed, 2, 6)).isEqualTo("orders");
        assertThat(Utf8.decode(new byte[] {'a', 'b', (byte) 0xC3})).isNull(); // truncated
        assertThat(Utf8.decode(new byte[] {(byte) 0x80, 'a', 'b', 'c', 'd', 'e', 'f', 'g'}))
                .isNull();
    }
}
