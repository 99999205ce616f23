package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The contract, plus the in-process bus's delivery modes. */
class InProcessBusTest extends MessageBusContractTest {

    @Override
    protected MessageBus createBus(ManualClock clock) {
        return InProcessBus.builder().clock(clock).build();
    }

    @Test
    void callerMode_runsTheHandlerOnThePublishingThread() {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        bus.subscribe(
                "t",
                d -> ran.complete(Thread.currentThread()),
                SubscriptionOptions.builder().callerThread().build());

        bus.publish(msg(clock, "t"));

        assertThat(ran).isCompletedWithValue(Thread.currentThread());
    }

    @Test
    void executorMode_runsTheHandlerOnTheGivenExecutor() throws Exception {
        ExecutorService pool =
                Executors.newSingleThreadExecutor(r -> new Thread(r, "given-executor"));
        try {
            CompletableFuture<String> ran = new CompletableFuture<>();
            bus.subscribe(
                    "t",
                    d -> ran.complete(Thread.currentThread().getName()),
                    SubscriptionOptions.builder().executor(pool).build());

            bus.publish(msg(clock, "t"));

            await().atMost(WAIT).until(ran::isDone);
            assertThat(ran.get()).isEqualTo("given-executor");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void virtualThreadMode_runsTheHandlerOnAVirtualThread() {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        bus.subscribe(
                "t",
                d -> ran.complete(Thread.currentThread().isVirtual()),
                SubscriptionOptions.builder().virtualThreads().build());

        bus.publish(msg(clock, "t"));

        await().atMost(WAIT).until(ran::isDone);
        assertThat(ran.join()).isTrue();
    }

    @Test
    void callerMode_handlerPublishingToItself_isQueuedNotRecursive() {
        StringBuilder trace = new StringBuilder();
        bus.subscribe(
                "echo",
                d -> {
                    int seq = Messages.seq(d);
                    trace.append('<').append(seq);
                    if (seq < 3) {
                        bus.publish(msg(clock, "echo", seq + 1));
                    }
                    trace.append('>');
                },
                SubscriptionOptions.builder().callerThread().build());

        bus.publish(msg(clock, "echo", 0));

        assertThat(trace).hasToString("<0><1><2><3>");
    }
}
