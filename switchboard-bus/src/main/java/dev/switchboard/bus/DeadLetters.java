package dev.switchboard.bus;

import dev.switchboard.core.message.Message;
import java.util.Map;

/**
 * Dead letters: messages a subscription gave up on (its handler kept throwing, or its buffer was
 * full under {@link OverflowPolicy#DEAD_LETTER}). They are published to {@code $DLQ.<original
 * subject>} (or {@link SubscriptionOptions.Builder#deadLetterSubject}) as a copy of the original
 * (same id, body and headers) plus the headers below. Subscribe to {@code $DLQ.>} to see them all;
 * {@link #replay} publishes one again to its original subject.
 *
 * <p>A message that fails on a dead-letter subject itself is not dead-lettered again, so a failing
 * dead-letter handler cannot loop.
 */
public final class DeadLetters {
    /** The prefix of default dead-letter subjects. */
    public static final String DEFAULT_PREFIX = "$DLQ.";

    /** Header: the subject the message was first published to. */
    public static final String ORIGINAL_SUBJECT = "dlq-original-subject";

    /** Header: {@code handler-failed} or {@code overflow}. */
    public static final String REASON = "dlq-reason";

    /** Header: the class of the handler's last exception. */
    public static final String ERROR_CLASS = "dlq-error-class";

    /** Header: the message of the handler's last exception (at most 1024 chars). */
    public static final String ERROR_MESSAGE = "dlq-error-message";

    /** Header: how many handler calls were made. */
    public static final String ATTEMPTS = "dlq-attempts";

    private static final int MAX_ERROR_MESSAGE = 1024;

    private DeadLetters() {}

    /**
     * @param subject a subject
     * @return whether it is a default dead-letter subject
     */
    public static boolean isDeadLetterSubject(String subject) {
        return subject.startsWith(DEFAULT_PREFIX);
    }

    /**
     * Builds the dead letter for a message a handler failed on.
     *
     * @param original the message
     * @param dlqSubject where it goes
     * @param error the last exception
     * @param attempts how many calls were made
     * @return the dead letter
     */
    public static Message forFailure(
            Message original, String dlqSubject, Throwable error, int attempts) {
        String text = error.getMessage() == null ? "" : error.getMessage();
        if (text.length() > MAX_ERROR_MESSAGE) {
            text = text.substring(0, MAX_ERROR_MESSAGE);
        }
        return original.toBuilder()
                .subject(dlqSubject)
                .header(ORIGINAL_SUBJECT, original.subject())
                .header(REASON, "handler-failed")
                .header(ERROR_CLASS, error.getClass().getName())
                .header(ERROR_MESSAGE, sanitize(text))
                .header(ATTEMPTS, Integer.toString(attempts))
                .build();
    }

    /**
     * Builds the dead letter for a message refused by a full buffer.
     *
     * @param original the message
     * @param dlqSubject where it goes
     * @return the dead letter
     */
    public static Message forOverflow(Message original, String dlqSubject) {
        return original.toBuilder()
                .subject(dlqSubject)
                .header(ORIGINAL_SUBJECT, original.subject())
                .header(REASON, "overflow")
                .header(ATTEMPTS, "0")
                .build();
    }

    /**
     * @param deadLetter a dead letter
     * @return the original message: subject restored, dead-letter headers removed, same id
     * @throws IllegalArgumentException if it has no {@link #ORIGINAL_SUBJECT} header
     */
    public static Message restore(Message deadLetter) {
        String subject =
                deadLetter
                        .header(ORIGINAL_SUBJECT)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "not a dead letter (no "
                                                        + ORIGINAL_SUBJECT
                                                        + " header): "
                                                        + deadLetter.id()));
        // Rebuild without our headers: the builder can add headers but not remove them.
        Message.Builder b =
                Message.builder(subject)
                        .id(deadLetter.id())
                        .type(deadLetter.type())
                        .priority(deadLetter.priority())
                        .timestamp(deadLetter.timestamp())
                        .ttl(deadLetter.ttl())
                        .correlationId(deadLetter.correlationId().orElse(null))
                        .source(deadLetter.source().orElse(null))
                        .target(deadLetter.target().orElse(null))
                        .trace(deadLetter.trace().orElse(null))
                        .traceState(deadLetter.traceState().orElse(null))
                        .body(deadLetter.body());
        for (Map.Entry<String, String> h : deadLetter.headers().entrySet()) {
            if (!h.getKey().startsWith("dlq-")) {
                b.header(h.getKey(), h.getValue());
            }
        }
        return b.build();
    }

    /**
     * Publishes a dead letter again to its original subject. A TTL that has passed meanwhile still
     * applies: extend it with {@link Message#toBuilder()} before replaying if needed.
     *
     * @param bus the bus
     * @param deadLetter the dead letter
     * @return the publish result
     */
    public static PublishResult replay(MessageBus bus, Message deadLetter) {
        return bus.publish(restore(deadLetter));
    }

    private static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isSurrogate(c) || Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
