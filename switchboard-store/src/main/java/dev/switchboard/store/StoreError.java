package dev.switchboard.store;

/** Why a store operation failed; carried by {@link StoreException}. */
public enum StoreError {
    /** The stream is at a limit and its discard policy is {@link DiscardPolicy#NEW}. */
    STREAM_FULL,
    /** The message is larger than the stream's {@link StoreConfig#maxMessageBytes()}. */
    MESSAGE_TOO_LARGE,
    /** The append named an expected last sequence that is not the stream's last sequence. */
    WRONG_LAST_SEQUENCE,
    /** The store is closed (or its stream was deleted). */
    CLOSED,
    /** The stream does not exist. */
    NOT_FOUND,
    /** A stream with that name already exists with a different configuration. */
    ALREADY_EXISTS,
    /** The configuration is invalid or cannot be changed that way. */
    INVALID_CONFIG,
    /** Reading or writing the storage failed; the message says which file or operation. */
    IO
}
