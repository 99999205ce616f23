package dev.switchboard.core.container;

/** Caches of frequent small integer values, so decoding counters and flags does not allocate. */
final class SmallValues {
    static final int LOW = -128;
    static final int HIGH = 1023;

    private static final Value.Int32[] INT32 = new Value.Int32[HIGH - LOW + 1];
    private static final Value.Int64[] INT64 = new Value.Int64[HIGH - LOW + 1];

    static {
        for (int i = LOW; i <= HIGH; i++) {
            INT32[i - LOW] = new Value.Int32(i);
            INT64[i - LOW] = new Value.Int64(i);
        }
    }

    private SmallValues() {}

    static Value.Int32 int32(int value) {
        return value >= LOW && value <= HIGH ? INT32[value - LOW] : new Value.Int32(value);
    }

    static Value.Int64 int64(long value) {
        return value >= LOW && value <= HIGH ? INT64[(int) value - LOW] : new Value.Int64(value);
    }
}
