package dev.switchboard.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Fixed-width reads and writes on byte arrays through VarHandles (no bounds arithmetic by hand).
 */
public final class ByteOrderAccess {
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private ByteOrderAccess() {}

    static void putIntLE(byte[] b, int off, int v) {
        INT_LE.set(b, off, v);
    }

    static void putLongLE(byte[] b, int off, long v) {
        LONG_LE.set(b, off, v);
    }

    static void putLongBE(byte[] b, int off, long v) {
        LONG_BE.set(b, off, v);
    }

    /**
     * @return the little-endian int at {@code off}
     */
    public static int getIntLE(byte[] b, int off) {
        return (int) INT_LE.get(b, off);
    }

    /**
     * @return the little-endian long at {@code off}
     */
    public static long getLongLE(byte[] b, int off) {
        return (long) LONG_LE.get(b, off);
    }

    /**
     * @return the big-endian long at {@code off}
     */
    public static long getLongBE(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }
}
