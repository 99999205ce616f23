package dev.switchboard.client;

/**
 * Receives the messages of a handler {@link Subscription}. Called on the connection's dispatcher
 * thread ({@code switchboard-client-<name>-dispatcher}), which all handler subscriptions of the
 * connection share: calls never overlap, and one subscription sees its messages in arrival order. A
 * handler that blocks delays every subscription of its connection (hand slow work to an executor).
 * A handler may publish, subscribe and make requests, including {@link Connection#requestBlocking}.
 */
@FunctionalInterface
public interface MsgHandler {
    /**
     * @param msg the message
     * @throws Exception counted in {@link ConnectionStats#handlerErrors()} and reported once per
     *     subscription as an {@link ConnectionEvent.Type#ERROR} event; the next message is
     *     delivered as usual
     */
    void onMsg(Msg msg) throws Exception;
}
