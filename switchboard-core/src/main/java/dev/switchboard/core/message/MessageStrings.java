package dev.switchboard.core.message;

import dev.switchboard.core.internal.Utf8;

/** Checks shared by the envelope's string fields. */
final class MessageStrings {
    private MessageStrings() {}

    static void requireWellFormed(String field, String value) {
        int bad = Utf8.indexOfUnpairedSurrogate(value);
        if (bad >= 0) {
            throw new IllegalArgumentException(
                    field + " has an unpaired surrogate at index " + bad + "; it cannot be UTF-8");
        }
    }

    static void requireLength(String field, String value, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(
                    field + " is " + value.length() + " chars; the limit is " + max);
        }
    }
}
