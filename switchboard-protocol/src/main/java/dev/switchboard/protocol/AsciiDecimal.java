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

    /**
     * @param v a non-negative value
     * @return how many decimal digits it has
     */
    public static int length(long v) {
        int n = 1;
        for (long p = 10; n < 19 && v >= p; p *= 10) {
            n++;
        }
        return n;
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
        int end = at + length(v);
        writeEndingAt(b, end, v);
        return end;
    }

    /**
     * Writes exactly {@code count} digits of {@code v} (leading zeros included, higher digits
     * dropped) ending just before {@code end}, with int arithmetic: the low part of a long whose
     * high digits are already in place.
     *
     * @param b the array
     * @param end the index after the last digit
     * @param v a non-negative value
     * @param count how many digits, at most 9
     */
    public static void writeFixed(byte[] b, int end, int v, int count) {
        int i = end;
        int stop = end - count;
        while (i - 2 >= stop) {
            int q = v / 100;
            int r = v - q * 100;
            b[--i] = ONES[r];
            b[--i] = TENS[r];
            v = q;
        }
        if (i > stop) {
            b[--i] = (byte) ('0' + v % 10);
        }
    }

    /**
     * Writes the digits of {@code v} so that the last one sits just before {@code end}: for a
     * caller that already counted them to size its array.
     *
     * @param b the array
     * @param end the index after the last digit
     * @param v a non-negative value
     * @return the index of the first digit
     * @throws IllegalArgumentException if {@code v} is negative
     */
    public static int writeEndingAt(byte[] b, int end, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("not a non-negative number: " + v);
        }
        int i = end;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            b[--i] = ONES[r];
            b[--i] = TENS[r];
            v = q;
        }
        if (v >= 10) {
            b[--i] = ONES[(int) v];
            b[--i] = TENS[(int) v];
        } else {
            b[--i] = (byte) ('0' + v);
        }
        return i;
    }
}
