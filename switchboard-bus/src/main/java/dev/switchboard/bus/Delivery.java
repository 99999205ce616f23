package dev.switchboard.bus;

import dev.switchboard.core.message.Message;
import java.util.Optional;

/**
 * One message handed to a {@link MessageHandler}, with the means to answer it. Valid during and
 * after the handler call; thread-safe.
 */
public interface Delivery {

    /**
     * @return the message
     */
    Message message();

    /**
     * @return the subject the publisher expects replies on, if any
     */
    Optional<String> replyTo();

    /**
     * @return which attempt this is: 1 for the first delivery, more on retries
     */
    int attempt();

    /**
     * A builder for the reply: subject set to {@link #replyTo()}, type {@code REPLY}, correlation
     * id copied from the request (or the request's id when it had none).
     *
     * @return a reply builder
     * @throws IllegalStateException if the publisher expects no reply
     */
    Message.Builder replyBuilder();

    /**
     * Publishes a reply to {@link #replyTo()}; the reply's own subject is replaced by it.
     *
     * @param reply the reply
     * @return the publish result of the reply
     * @throws IllegalStateException if the publisher expects no reply
     */
    PublishResult reply(Message reply);
}
