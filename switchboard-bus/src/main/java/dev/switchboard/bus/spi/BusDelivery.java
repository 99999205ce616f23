package dev.switchboard.bus.spi;

import dev.switchboard.bus.Delivery;
import dev.switchboard.bus.PublishResult;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageType;
import java.util.Optional;

/** A delivery of the in-process bus. Immutable. */
final class BusDelivery implements Delivery {
    private final BusHost host;
    private final Envelope envelope;

    BusDelivery(BusHost host, Envelope envelope) {
        this.host = host;
        this.envelope = envelope;
    }

    @Override
    public Message message() {
        return envelope.message();
    }

    @Override
    public Optional<String> replyTo() {
        return Optional.ofNullable(envelope.replyTo());
    }

    @Override
    public int attempt() {
        return envelope.attempt();
    }

    @Override
    public Message.Builder replyBuilder() {
        Message request = envelope.message();
        return Message.builder(requireReplyTo())
                .type(MessageType.REPLY)
                .correlationId(request.correlationId().orElse(request.id().toString()));
    }

    @Override
    public PublishResult reply(Message reply) {
        String to = requireReplyTo();
        Message m = reply.subject().equals(to) ? reply : reply.toBuilder().subject(to).build();
        return host.publish(m, null);
    }

    private String requireReplyTo() {
        String to = envelope.replyTo();
        if (to == null) {
            throw new IllegalStateException(
                    "message "
                            + envelope.message().id()
                            + " was published without a reply subject");
        }
        return to;
    }

    @Override
    public String toString() {
        return "Delivery[" + envelope.message() + ", attempt=" + envelope.attempt() + "]";
    }
}
