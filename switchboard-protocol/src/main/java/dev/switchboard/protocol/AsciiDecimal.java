package dev.switchboard.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Writes non-negative {@code long}s as ASCII decimal digits straight into a byte array, two digits
 * per division and without a string, and reads them back eight digits at a time: the numbers in ack
 * subjects, inbox reply subjects and ack bodies, built and parsed on hot paths by the broker and
 * the client.
 */
public final class AsciiDecimal {
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];
    private static final VarHandle LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L; // eight '0's

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

    /**
     * Reads the value of the ASCII digits {@code b[from, to)}, eight at a time with a few
     * multiplications (the bytes before {@code from} in the first eight read as '0'): one
     * multiply-add per digit made a chain 45 long for an ack subject's numbers, most of its parse.
     *
     * @param b the array; {@code b[from, to)} holds only the digits '0' to '9', which the caller
     *     has checked (anything else gives a wrong value, not an error)
     * @param from the first digit
     * @param to the index after the last digit
     * @return the value, or -1 if there are no digits, more than 19, or the value is past {@link
     *     Long#MAX_VALUE}
     */
    public static long read(byte[] b, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 19) {
            return -1;
        }
        int chunks = (len + 7) >>> 3;
        int at = to - 8 * chunks;
        if (at < 0) { // too near the start of the array to read eight bytes back
            long v = 0;
            for (int i = from; i < to; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return len == 19 && v < 0 ? -1 : v;
        }
        long lead = (1L << (8 * (8 * chunks - len))) - 1; // the bytes before 'from', as '0'
        long first = eight(((long) LE.get(b, at) & ~lead) | (ZEROS & lead));
        long rest = 0;
        for (int c = 1; c < chunks; c++) {
            rest = rest * 100_000_000L + eight((long) LE.get(b, at + 8 * c));
        }
        if (chunks == 1) {
            return first;
        }
        long scale = chunks == 2 ? 100_000_000L : 10_000_000_000_000_000L;
        if (len == 19 && (first > 922 || (first == 922 && rest > 3_372_036_854_775_807L))) {
            return -1; // past Long.MAX_VALUE (9,223,372,036,854,775,807)
        }
        return first * scale + rest;
    }

    /** The value of eight ASCII digits read little-endian (the first digit in the low byte). */
    private static long eight(long x) {
        x -= ZEROS;
        x = x * 10 + (x >>> 8); // each pair of digits as one number, in every other byte
        return (((x & 0x000000FF000000FFL) * (100 + (1_000_000L << 32)))
                        + (((x >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))))
                >>> 32;
    }
}
