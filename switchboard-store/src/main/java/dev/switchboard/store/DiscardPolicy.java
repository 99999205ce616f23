package dev.switchboard.store;

/** What a stream does when an append would exceed its message or byte limit. */
public enum DiscardPolicy {
    /** Remove the oldest messages to make room (the default). */
    OLD,
    /** Refuse the new message with {@link StoreError#STREAM_FULL}. */
    NEW
}
