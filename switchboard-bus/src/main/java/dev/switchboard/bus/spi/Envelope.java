package dev.switchboard.bus.spi;

import dev.switchboard.core.message.Message;

/**
 * A message in a subscription buffer.
 *
 * @param message the message
 * @param replyTo where replies go, or {@code null}
 * @param seq the buffer's arrival number, for FIFO order within a priority and for drop-oldest
 * @param attempt the handler call this envelope is for, from 1
 */
record Envelope(Message message, String replyTo, long seq, int attempt) {

    Envelope nextAttempt() {
        return new Envelope(message, replyTo, seq, attempt + 1);
    }
}
