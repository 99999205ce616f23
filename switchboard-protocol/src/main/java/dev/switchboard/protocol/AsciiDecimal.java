package dev.switchboard.protocol;

/**
 * Writes non-negative {@code long}s as ASCII decimal digits straight into a byte array, two digits
 * per division and without a string: the numbers in ack subjects, inbox reply subjects and ack
 * bodies, built on hot paths by the broker and the client.
 */
public final class AsciiDecimal {
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private AsciiDecimal() {}

    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private static final int EIGHT_DIGITS = 100_000_000;

    /**
     * @param v a non-negative value
     * @return how many decimal digits it has
     */
    public static int length(long v) {
        // log10 from the bit length (1233/4096 ~ log10(2)), corrected by one comparison.
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        int n = (bits * 1233) >>> 12;
        return n < POW10.length && v >= POW10[n] ? n + 1 : Math.max(n, 1);
    }

    /**
     * Writes the digits of {@code v} at {@code at}.
     *
     * @param b the array, with room for {@link #length(long)} bytes at {@code at}
     * @param at where the digits start
     * @param v a non-negative value
     * @return the index after the last digit
     * @throws IllegalArgumentException if {@code v} is negative
     */
    public static int write(byte[] b, int at, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("not a non-negative number: " + v);
        }
        int end = at + length(v);
        int i = end;
        // Eight digits at a time in int arithmetic (a long division per eight digits, not per two):
        // the 19-digit timestamps in ack subjects take two long divisions instead of nine.
        while (v >= EIGHT_DIGITS) {
            long q = v / EIGHT_DIGITS;
            i = eightDigits(b, i, (int) (v - q * EIGHT_DIGITS));
            v = q;
        }
        int r = (int) v;
        while (r >= 100) {
            int q = r / 100;
            int d = r - q * 100;
            b[--i] = ONES[d];
            b[--i] = TENS[d];
            r = q;
        }
        if (r >= 10) {
            b[--i] = ONES[r];
            b[--i] = TENS[r];
        } else {
            b[--i] = (byte) ('0' + r);
        }
        return end;
    }

    /** Writes exactly eight digits (leading zeros included) ending before {@code i}. */
    private static int eightDigits(byte[] b, int i, int r) {
        for (int k = 0; k < 4; k++) {
            int q = r / 100;
            int d = r - q * 100;
            b[--i] = ONES[d];
            b[--i] = TENS[d];
            r = q;
        }
        return i;
    }
}
