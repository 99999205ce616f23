package dev.switchboard.bus;

import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publish/subscribe, queue groups and request/reply over subjects (see {@link
 * dev.switchboard.core.message.Subjects} for the pattern rules). The same interface is implemented
 * in process ({@link InProcessBus}) and over the network.
 *
 * <p>Backpressure is a return value: {@link #publish} never blocks unless a subscription chose
 * {@link OverflowPolicy#BLOCK}, and says in its {@link PublishResult} how many deliveries were
 * accepted and how many were dropped. Exceptions are for broken states (a closed bus, an invalid
 * subject).
 *
 * <p>Thread-safety: every method may be called from any thread, including from inside a handler.
 */
public interface MessageBus extends AutoCloseable {

    /**
     * Publishes a message to its {@link Message#subject() subject}: every matching subscription
     * outside a queue group gets it, and each matching queue group gets it once.
     *
     * @param message the message
     * @return how many deliveries were accepted and dropped
     * @throws BusClosedException if the bus is closed
     */
    default PublishResult publish(Message message) {
        return publish(message, null);
    }

    /**
     * Publishes a message whose receivers may answer with {@link Delivery#reply(Message)} to {@code
     * replyTo}.
     *
     * @param message the message
     * @param replyTo the subject replies go to, or {@code null} for none
     * @return how many deliveries were accepted and dropped
     * @throws BusClosedException if the bus is closed
     * @throws dev.switchboard.core.message.InvalidSubjectException if {@code replyTo} is invalid
     */
    PublishResult publish(Message message, String replyTo);

    /**
     * Subscribes a handler to a pattern.
     *
     * @param pattern a subject pattern, wildcards allowed
     * @param handler called once per delivered message, on the thread {@link
     *     SubscriptionOptions#deliveryMode()} says, never concurrently with itself for this
     *     subscription
     * @param options buffer, overflow, delivery, queue group and retry settings
     * @return the live subscription
     * @throws BusClosedException if the bus is closed
     * @throws dev.switchboard.core.message.InvalidSubjectException if the pattern is invalid
     * @throws IllegalArgumentException if the queue group already uses another strategy
     */
    Subscription subscribe(String pattern, MessageHandler handler, SubscriptionOptions options);

    /**
     * Subscribes with {@link SubscriptionOptions#defaults()}.
     *
     * @param pattern a subject pattern
     * @param handler the handler
     * @return the live subscription
     */
    default Subscription subscribe(String pattern, MessageHandler handler) {
        return subscribe(pattern, handler, SubscriptionOptions.defaults());
    }

    /**
     * Sends a request and waits for the first reply, on a private inbox subject.
     *
     * <p>The future fails at once with {@link NoRespondersException} when nothing subscribes to the
     * subject, and with {@link RequestTimeoutException} when no reply arrives within {@code
     * timeout} as measured by the bus's clock. It completes on the thread that replied (or the
     * bus's timer thread for a timeout): chain with the {@code *Async} methods for heavy work.
     * Cancelling it forgets the request.
     *
     * @param request the request
     * @param timeout how long to wait for the reply; positive
     * @return the reply
     */
    CompletableFuture<Message> request(Message request, Duration timeout);

    /**
     * Scatter-gather: sends a request and collects replies until {@code maxReplies} arrived or
     * {@code deadline} passed, whichever is first. The list holds the replies in arrival order and
     * may be empty if nobody answered in time. Fails at once with {@link NoRespondersException}
     * when nothing subscribes to the subject.
     *
     * @param request the request
     * @param maxReplies how many replies complete the future early; positive
     * @param deadline how long to collect, measured by the bus's clock; positive
     * @return the replies
     */
    CompletableFuture<List<Message>> requestAll(Message request, int maxReplies, Duration deadline);

    /**
     * Closes the bus: every subscription is closed (buffered messages discarded and counted),
     * pending requests fail with {@link BusClosedException}. Idempotent.
     */
    @Override
    void close();
}
