package dev.switchboard.broker.internal.stream;

import dev.switchboard.protocol.AsciiDecimal;

/**
 * One number of an ack subject, kept as its ASCII digits between deliveries: a value one above or
 * below the last one (a replay's sequences count up one by one, its pending count down) changes
 * only the digits that change, and a value that shares its digits above the last nine with the last
 * one (timestamps of messages stored within a second) rewrites only those nine, with int
 * arithmetic. Writing the five numbers in full was 17% of a stream thread's time replaying
 * (async-profiler, 2026-11-27): a 19-digit timestamp is nine dependent long divisions. Confined to
 * the stream's thread.
 */
final class AckNumber {
    private static final int WIDTH = 20; // Long.MAX_VALUE has 19 digits
    private static final long LOW = 1_000_000_000L;

    private final byte[] digits = new byte[WIDTH];
    private int start = WIDTH; // digits[start, WIDTH) hold the value
    private long value = -1;

    /**
     * @param v the new value
     * @throws IllegalArgumentException if it is negative
     */
    void set(long v) {
        long last = value;
        if (v == last) {
            return;
        }
        if (v < 0) {
            throw new IllegalArgumentException("not a non-negative number: " + v);
        }
        value = v;
        if (last >= 0 && v == last + 1) {
            increment();
        } else if (v == last - 1) {
            decrement();
        } else if (last >= LOW && v / LOW == last / LOW) {
            AsciiDecimal.writeFixed(digits, WIDTH, (int) (v % LOW), 9);
        } else {
            start = AsciiDecimal.writeEndingAt(digits, WIDTH, v);
        }
    }

    private void increment() {
        int i = WIDTH - 1;
        while (i >= start && digits[i] == '9') {
            digits[i--] = '0';
        }
        if (i < start) {
            digits[--start] = '1';
        } else {
            digits[i]++;
        }
    }

    private void decrement() {
        int i = WIDTH - 1;
        while (digits[i] == '0') {
            digits[i--] = '9';
        }
        digits[i]--;
        if (digits[start] == '0' && start < WIDTH - 1) {
            start++;
        }
    }

    /**
     * Writes '.' and the digits.
     *
     * @param b the array, with room for 21 bytes at {@code at}
     * @param at where the '.' goes
     * @return the index after the last digit
     */
    int writeTo(byte[] b, int at) {
        b[at++] = '.';
        int n = WIDTH - start;
        System.arraycopy(digits, start, b, at, n);
        return at + n;
    }
}
