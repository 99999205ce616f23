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

    /** Dispatcher thread, or the I/O thread when inline. */
    void deliver(Msg msg) {
        if (state == State.CLOSED) {
            discard(msg);
            return;
        }
        try {
            handler.onMsg(msg);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable t) {
            conn.handlerError(this, t, !reportedError);
            reportedError = true;
        }
        taken(msg);
    }
}
