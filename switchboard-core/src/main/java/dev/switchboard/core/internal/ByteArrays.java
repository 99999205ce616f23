package dev.switchboard.core.internal;

/**
 * Comparisons of short byte ranges (keys, header names), eight bytes at a time. The JDK's
 * vectorized {@code Arrays.mismatch} pays a setup cost that dominates for ranges of a few bytes.
 */
public final class ByteArrays {
    private ByteArrays() {}

    /**
     * @return whether {@code a[aOff, aOff+len)} equals {@code b[bOff, bOff+len)}
     */
    public static boolean equals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if (ByteOrderAccess.getLongLE(a, aOff + i) != ByteOrderAccess.getLongLE(b, bOff + i)) {
                return false;
            }
        }
        for (; i < len; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares two ranges as unsigned bytes, shorter-prefix first (the order of UTF-8 strings by
     * code point).
     *
     * @return negative, zero or positive
     */
    public static int compareUnsigned(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        int n = Math.min(aLen, bLen);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = ByteOrderAccess.getLongBE(a, aOff + i);
            long y = ByteOrderAccess.getLongBE(b, bOff + i);
            if (x != y) {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < n; i++) {
            int c = (a[aOff + i] & 0xFF) - (b[bOff + i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return aLen - bLen;
    }
}
