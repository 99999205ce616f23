package dev.switchboard.client.internal;

import dev.switchboard.bus.Delivery;
import dev.switchboard.bus.PublishResult;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageType;
import java.util.Optional;

/** A delivery of the network bus; replies go out over the connection. Immutable. */
final class NetworkDelivery implements Delivery {
    private final NetworkBus bus;
    private final Message message;
    private final String replyTo;
    private final int attempt;

    NetworkDelivery(NetworkBus bus, Message message, String replyTo, int attempt) {
        this.bus = bus;
        this.message = message;
        this.replyTo = replyTo;
        this.attempt = attempt;
    }

    @Override
    public Message message() {
        return message;
    }

    @Override
    public Optional<String> replyTo() {
        return Optional.ofNullable(replyTo);
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Message.Builder replyBuilder() {
        return Message.builder(requireReplyTo())
                .type(MessageType.REPLY)
                .correlationId(message.correlationId().orElse(message.id().toString()));
    }

    @Override
    public PublishResult reply(Message reply) {
        String to = requireReplyTo();
        Message m = reply.subject().equals(to) ? reply : reply.toBuilder().subject(to).build();
        return bus.publishQuietly(m);
    }

    private String requireReplyTo() {
        if (replyTo == null) {
            throw new IllegalStateException(
                    "message " + message.id() + " was published without a reply subject");
        }
        return replyTo;
    }

    @Override
    public String toString() {
        return "Delivery[" + message + ", attempt=" + attempt + "]";
    }
}
