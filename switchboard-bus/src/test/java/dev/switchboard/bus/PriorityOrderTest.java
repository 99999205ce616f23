package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.message.Priority;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Buffered messages leave by priority, then arrival; expired ones are skipped at delivery. */
class PriorityOrderTest {
    private final ManualClock clock = new ManualClock();
    private final InProcessBus bus = InProcessBus.builder().clock(clock).build();

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void higherPriority_overtakesBufferedLowerOnes_fifoWithinALevel() throws Exception {
        Gate gate = new Gate();
        bus.subscribe("p", gate);
        bus.publish(msg(clock, "p", 0, Priority.LOWEST));
        gate.awaitHeld();

        bus.publish(msg(clock, "p", 1, Priority.LOW));
        bus.publish(msg(clock, "p", 2, Priority.NORMAL));
        bus.publish(msg(clock, "p", 3, Priority.CRITICAL));
        bus.publish(msg(clock, "p", 4, Priority.LOW));
        bus.publish(msg(clock, "p", 5, Priority.HIGH));
        bus.publish(msg(clock, "p", 6, Priority.CRITICAL));
        gate.open();

        await().atMost(Duration.ofSeconds(5)).until(() -> gate.seen.size() == 7);
        assertThat(gate.seen).containsExactly(0, 3, 6, 5, 2, 1, 4);
    }

    @Test
    void messageExpiringWhileBuffered_isSkippedAndCounted() throws Exception {
        Gate gate = new Gate();
        Subscription s = bus.subscribe("p", gate);
        bus.publish(msg(clock, "p", 0));
        gate.awaitHeld();
        bus.publish(
                dev.switchboard.core.message.Message.builder("p")
                        .clock(clock)
                        .header("seq", "1")
                        .ttl(Duration.ofSeconds(1))
                        .build());
        bus.publish(msg(clock, "p", 2));

        clock.advance(Duration.ofSeconds(1));
        gate.open();

        await().atMost(Duration.ofSeconds(5)).until(() -> s.stats().pending() == 0);
        assertThat(gate.seen).containsExactly(0, 2);
        assertThat(s.stats().expired()).isEqualTo(1);
    }
}
