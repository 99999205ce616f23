package dev.switchboard.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A subscription whose messages the application takes itself, from any thread, with {@link
 * #next(Duration)}, its {@link #iterator()} or {@link #stream()}.
 */
public interface PullSubscription extends Subscription, Iterable<Msg> {
    /**
     * Takes the next message, waiting for one up to {@code timeout}.
     *
     * @param timeout how long to wait; zero to not wait
     * @return the message, or {@code null} if none arrived in time or the subscription has ended
     *     and nothing is left
     * @throws InterruptedException if interrupted while waiting
     */
    Msg next(Duration timeout) throws InterruptedException;

    /**
     * A blocking iterator: {@code hasNext()} waits for the next message and returns {@code false}
     * once the subscription has ended and every buffered message was taken. An interrupt while
     * waiting ends the iteration (the interrupt flag stays set).
     *
     * @return the iterator
     */
    @Override
    Iterator<Msg> iterator();

    /**
     * @return a sequential stream over {@link #iterator()}: infinite until the subscription ends
     */
    default Stream<Msg> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }
}
