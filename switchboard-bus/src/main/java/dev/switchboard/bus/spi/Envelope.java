package dev.switchboard.bus.spi;

import dev.switchboard.core.message.Message;

/**
 * A message in a subscription buffer.
 *
 * @param message the message
 * @param replyTo where replies go, or {@code null}
 * @param seq in a drop-oldest buffer, the arrival number that picks what to evict; elsewhere unused
 *     (other buffers hold a message without a reply subject as itself, not in an envelope)
 * @param attempt the handler call this envelope is for, from 1
 */
record Envelope(Message message, String replyTo, long seq, int attempt) {

    Envelope nextAttempt() {
        return new Envelope(message, replyTo, seq, attempt + 1);
    }
}
