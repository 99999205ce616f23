package dev.switchboard.bus.pipeline;

import dev.switchboard.bus.MessageBus;
import dev.switchboard.bus.PublishResult;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** The stage kinds. A stage function that throws counts an error and discards the item. */
final class Stages {
    private Stages() {}

    static final class Filter extends Stage {
        private final Predicate<Message> predicate;

        Filter(Predicate<Message> predicate) {
            super("filter");
            this.predicate = predicate;
        }

        @Override
        void accept(Object item) throws InterruptedException {
            boolean keep;
            try {
                keep = predicate.test((Message) item);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                return;
            }
            if (keep) {
                emit(item, 1);
            } else {
                dropped.incrementAndGet();
            }
        }
    }

    /** Map and enrich: a message-to-message function; {@code null} drops. */
    static final class Transform extends Stage {
        private final Function<Message, Message> function;

        Transform(String kind, Function<Message, Message> function) {
            super(kind);
            this.function = function;
        }

        @Override
        void accept(Object item) throws InterruptedException {
            Message result;
            try {
                result = function.apply((Message) item);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                return;
            }
            if (result == null) {
                dropped.incrementAndGet();
            } else {
                emit(result, 1);
            }
        }
    }

    static final class Batch extends Stage {
        private final int size;
        private final long maxWaitNanos;
        private final long pollNanos;
        private final Clock clock;
        private List<Message> batch;
        private long startedNanos;

        Batch(int size, long maxWaitNanos, long pollNanos, Clock clock) {
            super("batch");
            this.size = size;
            this.maxWaitNanos = maxWaitNanos;
            this.pollNanos = pollNanos;
            this.clock = clock;
        }

        @Override
        void accept(Object item) throws InterruptedException {
            if (batch == null) {
                batch = new ArrayList<>(size);
                startedNanos = clock.nanoTime();
            }
            batch.add((Message) item);
            if (batch.size() >= size) {
                flush();
            }
        }

        @Override
        void onTimer() throws InterruptedException {
            if (batch != null && clock.nanoTime() - startedNanos >= maxWaitNanos) {
                flush();
            }
        }

        @Override
        long pollNanos() {
            return pollNanos;
        }

        @Override
        void flush() throws InterruptedException {
            if (batch != null) {
                List<Message> full = List.copyOf(batch);
                batch = null;
                emit(full, full.size());
            }
        }
    }

    /** A terminal consumer of messages or of batches; the caller adapts the item type. */
    static final class Sink extends Stage {
        private final Consumer<Object> consumer;

        Sink(Consumer<Object> consumer) {
            super("to");
            this.consumer = consumer;
        }

        @Override
        void accept(Object item) {
            try {
                consumer.accept(item);
                out.incrementAndGet();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
            }
        }
    }

    /** A terminal that publishes each message to the subject a function picks. */
    static final class Route extends Stage {
        private final MessageBus bus;
        private final Function<Message, String> subjectOf;

        Route(MessageBus bus, Function<Message, String> subjectOf) {
            super("route");
            this.bus = bus;
            this.subjectOf = subjectOf;
        }

        @Override
        void accept(Object item) {
            Message m = (Message) item;
            PublishResult result;
            try {
                String subject = subjectOf.apply(m);
                Message routed =
                        subject.equals(m.subject()) ? m : m.toBuilder().subject(subject).build();
                result = bus.publish(routed);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                return;
            }
            if (result.delivered() > 0) {
                out.incrementAndGet();
            } else {
                dropped.incrementAndGet();
            }
        }
    }
}
