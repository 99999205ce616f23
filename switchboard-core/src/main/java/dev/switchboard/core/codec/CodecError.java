package dev.switchboard.core.codec;

/**
 * Why a decoder refused its input. The numbers are stable: names may change, numbers never do, so
 * they can be logged, compared and sent over the wire. docs/CONTAINER.md lists them.
 */
public enum CodecError {
    /** The input ended inside a field. */
    TRUNCATED(1001),
    /** The input does not start with the magic bytes {@code 'S' 'B'}. */
    BAD_MAGIC(1002),
    /** The format version is not one this decoder reads. */
    UNSUPPORTED_VERSION(1003),
    /** A flag bit this version does not define is set. */
    UNKNOWN_FLAGS(1004),
    /** The whole message is larger than the limit. */
    MESSAGE_TOO_LARGE(1005),
    /** Containers and lists are nested deeper than the limit. */
    DEPTH_EXCEEDED(1006),
    /** A container has more fields than the limit. */
    TOO_MANY_FIELDS(1007),
    /** A list has more items than the limit. */
    LIST_TOO_LONG(1008),
    /** A string is longer than the limit. */
    STRING_TOO_LONG(1009),
    /** A bytes value is longer than the limit. */
    BYTES_TOO_LONG(1010),
    /** A varint is longer than 10 bytes, overflows 64 bits, or has a redundant trailing zero. */
    BAD_VARINT(1011),
    /** A value tag names no known type. */
    UNKNOWN_TYPE(1012),
    /** A string is not well-formed UTF-8. */
    INVALID_UTF8(1013),
    /** Container keys or header names are not in strictly increasing order (or repeat). */
    KEY_ORDER(1014),
    /** A value is written in a longer form than the canonical one. */
    NON_CANONICAL(1015),
    /** An integer does not fit its declared type, or an enum code is unknown. */
    VALUE_OUT_OF_RANGE(1016),
    /** Bytes follow the end of the message. */
    TRAILING_BYTES(1017),
    /** The body, once decompressed, would be larger than the limit. */
    BODY_TOO_LARGE(1018),
    /** The compressed body is corrupt or does not match its declared size. */
    DECOMPRESSION_FAILED(1019),
    /** An envelope field breaks its rule (subject syntax, empty key, zero trace id...). */
    INVALID_FIELD(1020),
    /** More headers than the limit. */
    TOO_MANY_HEADERS(1021),
    /** The JSON text is not well-formed or breaks a parser limit. */
    JSON_SYNTAX(1022),
    /** Well-formed JSON that does not follow the documented mapping. */
    JSON_MAPPING(1023),
    /** The message uses a compression codec whose library is not on the class path. */
    COMPRESSION_UNAVAILABLE(1024),
    /** More values in the whole message than the limit. */
    TOO_MANY_VALUES(1025);

    private final int code;

    CodecError(int code) {
        this.code = code;
    }

    /**
     * @return the stable number
     */
    public int code() {
        return code;
    }
}
