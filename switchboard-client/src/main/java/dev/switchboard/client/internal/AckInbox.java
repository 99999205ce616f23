package dev.switchboard.client.internal;

import dev.switchboard.client.Msg;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.protocol.Frame;

/**
 * The streams' one wildcard inbox for publish acknowledgements ({@code _INBOX.<random>.*}): every
 * MSG goes straight to {@link StreamPublisher} on the I/O thread, without pending limits. Kept
 * until the end of a connection drain, like the request inbox.
 */
final class AckInbox extends AbstractSubscription {
    private final StreamPublisher publisher;

    AckInbox(ClientConnection conn, int sid, String pattern, StreamPublisher publisher) {
        super(conn, sid, pattern, SubscribeOptions.defaults());
        this.publisher = publisher;
    }

    @Override
    boolean isReplyInbox() {
        return true;
    }

    @Override
    void onMsg(Frame.Msg f) {
        if (state != State.CLOSED) {
            publisher.onReply(f);
        }
    }

    @Override
    void enqueue(Msg msg) {
        // Unreachable: onMsg above hands every reply to the publisher and never enqueues.
        throw new IllegalStateException("the ack inbox never queues messages");
    }

    @Override
    void afterClose() {
        publisher.inboxClosed(this, error().orElse(null));
    }
}
