package dev.switchboard.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AckSubjectTest {

    @Test
    void formatAndParse_roundTrip_atTheLimits() {
        AckSubject a =
                new AckSubject(
                        "ORDERS", "billing", 1, Long.MAX_VALUE, 0, 1_700_000_000_123_456_789L, 0);
        assertThat(AckSubject.parse(a.format())).isEqualTo(a);
        assertThat(a.format())
                .isEqualTo("$SYS.ACK.ORDERS.billing.1.9223372036854775807.0.1700000000123456789.0");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$SYS.ACK.S.c.1.2.3.4", // six tokens
                "$SYS.ACK.S.c.1.2.3.4.5.6", // eight tokens
                "$SYS.ACK..c.1.2.3.4.5", // empty stream
                "$SYS.ACK.S..1.2.3.4.5", // empty consumer
                "$SYS.ACK.S.c.1..3.4.5", // empty number
                "$SYS.ACK.S.c.1.2.3.4.", // empty last number
                "$SYS.ACK.S.c.-1.2.3.4.5", // signed
                "$SYS.ACK.S.c.+1.2.3.4.5", // signed
                "$SYS.ACK.S.c.1.2.3.4.x", // not a number
                "$SYS.ACK.S.c.1.9223372036854775808.3.4.5", // past Long.MAX_VALUE
                "$SYS.ACK.S.c.1.99999999999999999999.3.4.5", // twenty digits
                "$SYS.ACK.S",
                "$SYS.ACK.",
                "$SYS.API.S.c.1.2.3.4.5",
                "orders.1"
            })
    void parse_refusesWhatIsNotAnAckSubject(String subject) {
        assertThat(AckSubject.parse(subject)).isNull();
    }

    @Test
    void parse_sharesTheNamesOfAnEarlierResult_onlyWhenTheyAreTheSame() {
        AckSubject first = AckSubject.parse("$SYS.ACK.ORDERS.billing.1.7.7.1700000000000000000.3");
        AckSubject next =
                AckSubject.parse("$SYS.ACK.ORDERS.billing.2.8.9.1700000000000000001.2", first);
        assertThat(next)
                .isEqualTo(new AckSubject("ORDERS", "billing", 2, 8, 9, 1700000000000000001L, 2));
        assertThat(next.stream()).isSameAs(first.stream());
        assertThat(next.consumer()).isSameAs(first.consumer());
        AckSubject other = AckSubject.parse("$SYS.ACK.ORDERS.billinG.1.9.10.1.0", first);
        assertThat(other.stream()).isSameAs(first.stream());
        assertThat(other.consumer()).isEqualTo("billinG");
        assertThat(AckSubject.parse("$SYS.ACK.ORDER.billing.1.2.3.4.5", first).stream())
                .isEqualTo("ORDER");
        assertThat(AckSubject.parse("$SYS.ACK.ORDERS.billing.1.2.3.4.x", first)).isNull();
    }

    @Test
    void parse_namesOutsideLatin1_keepTheNumbersInPlace() {
        String emoji = "S\ud83d\ude00"; // a surrogate pair: two chars, one '?' as Latin-1
        assertThat(AckSubject.parse("$SYS.ACK." + emoji + ".c\u00e9.1.2.3.4.5"))
                .isEqualTo(new AckSubject(emoji, "c\u00e9", 1, 2, 3, 4, 5));
        assertThat(AckSubject.parse("$SYS.ACK." + emoji + ".c.1.2.3.4.\ud83d\ude00")).isNull();
        assertThat(AckSubject.parse("$SYS.ACK.S.c.1.2.\u0663.4.5")).isNull(); // Arabic-Indic 3
    }

    @Test
    void parse_numbersOfEveryLength_andTheLongLimit() {
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            long[] v = new long[5];
            for (int k = 0; k < 5; k++) {
                v[k] = (r.nextLong() >>> 1) >>> r.nextInt(63); // 1 to 19 digits
            }
            AckSubject a = new AckSubject("S", "c", v[0], v[1], v[2], v[3], v[4]);
            assertThat(AckSubject.parse(a.format())).isEqualTo(a);
            assertThat(AckSubject.parse(a.format(), a)).isEqualTo(a);
        }
        for (String limit :
                new String[] {
                    "9223372036854775807", "9223372036854775806", "922337203685477580",
                    "9213372036854775807", "0000000000000000000", "0000000000000000001"
                }) {
            assertThat(AckSubject.parse("$SYS.ACK.S.c.1.2.3." + limit + ".5").timestampNanos())
                    .isEqualTo(Long.parseLong(limit));
        }
        for (String over :
                new String[] {
                    "9223372036854775808", "9230000000000000000", "9999999999999999999"
                }) {
            assertThat(AckSubject.parse("$SYS.ACK.S.c.1.2.3." + over + ".5")).isNull();
        }
    }

    @Test
    void parse_null_isNull() {
        assertThat(AckSubject.parse(null)).isNull();
    }
}
