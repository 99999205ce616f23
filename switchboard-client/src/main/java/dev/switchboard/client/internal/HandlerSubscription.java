package dev.switchboard.client.internal;

import dev.switchboard.client.Msg;
import dev.switchboard.client.MsgHandler;
import dev.switchboard.client.SubscribeOptions;

/**
 * A subscription whose messages the connection's dispatcher thread hands to a handler, or, with
 * {@link SubscribeOptions#inline()}, the I/O thread as it reads them.
 */
final class HandlerSubscription extends AbstractSubscription {
    private final MsgHandler handler;
    private final Dispatcher dispatcher; // null when inline
    private volatile boolean reportedError;

    HandlerSubscription(
            ClientConnection conn,
            int sid,
            String pattern,
            SubscribeOptions options,
            MsgHandler handler,
            Dispatcher dispatcher) {
        super(conn, sid, pattern, options);
        this.handler = handler;
        this.dispatcher = dispatcher;
    }

    @Override
    void enqueue(Msg msg) {
        if (dispatcher == null) {
            deliver(msg);
        } else {
            dispatcher.submit(this, msg);
        }
    }

    /** The I/O thread, when inline: runs the handler and releases the message. */
    void deliver(Msg msg) {
        if (handle(msg)) {
            taken(msg);
        } else {
            discard(msg);
        }
    }

    /**
     * Runs the handler unless the subscription is closed; the caller releases the message (the
     * dispatcher does it for a run of messages at once, {@link #takenBatch}).
     *
     * @return whether the handler ran
     */
    boolean handle(Msg msg) {
        if (state == State.CLOSED) {
            return false;
        }
        try {
            handler.onMsg(msg);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable t) {
            conn.handlerError(this, t, !reportedError);
            reportedError = true;
        }
        return true;
    }
}
