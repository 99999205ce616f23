package dev.switchboard.client.internal;

import dev.switchboard.client.Msg;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.protocol.Frame;

/**
 * The connection's one wildcard subscription for replies ({@code _INBOX.<random>.*}): every MSG
 * goes straight to {@link Requests} on the I/O thread, without pending limits.
 */
final class InboxSubscription extends AbstractSubscription {
    private final Requests requests;

    InboxSubscription(ClientConnection conn, int sid, Requests requests) {
        super(conn, sid, requests.inboxPattern(), SubscribeOptions.defaults());
        this.requests = requests;
    }

    @Override
    boolean isReplyInbox() {
        return true;
    }

    @Override
    void onMsg(Frame.Msg f) {
        if (state != State.CLOSED) {
            requests.onReply(f);
        }
    }

    @Override
    void enqueue(Msg msg) {
        // Unreachable: onMsg above hands every reply to Requests and never enqueues.
        throw new IllegalStateException("the reply inbox never queues messages");
    }
}
