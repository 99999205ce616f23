package dev.switchboard.protocol;

/** What a {@link CoalescingWriter} does with a frame that does not fit in its bounded buffer. */
public enum Overflow {
    /** Refuse the new frame (it is counted as dropped by the caller). */
    DROP_NEWEST,
    /** Discard whole frames from the front of the buffer until the new one fits. */
    DROP_OLDEST,
    /** Refuse the new frame and report the overflow; the caller closes the connection. */
    REFUSE
}
