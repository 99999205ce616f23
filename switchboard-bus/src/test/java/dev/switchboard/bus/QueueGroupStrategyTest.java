package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each strategy picks members as documented. Handlers run on the caller for exact counts. */
class QueueGroupStrategyTest {
    private final ManualClock clock = new ManualClock();
    private final InProcessBus bus = InProcessBus.builder().clock(clock).build();

    @AfterEach
    void close() {
        bus.close();
    }

    private List<AtomicInteger> members(int n, SubscriptionOptions options) {
        List<AtomicInteger> counts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AtomicInteger c = new AtomicInteger();
            counts.add(c);
            bus.subscribe("jobs", d -> c.incrementAndGet(), options);
        }
        return counts;
    }

    @Test
    void roundRobin_isExactlyFair() {
        List<AtomicInteger> counts =
                members(3, SubscriptionOptions.builder().queueGroup("g").callerThread().build());

        for (int i = 0; i < 300; i++) {
            bus.publish(msg(clock, "jobs"));
        }

        assertThat(counts).extracting(AtomicInteger::get).containsExactly(100, 100, 100);
    }

    @Test
    void random_isFairWithin15Percent() {
        List<AtomicInteger> counts =
                members(
                        4,
                        SubscriptionOptions.builder()
                                .queueGroup("g", QueueStrategy.RANDOM)
                                .callerThread()
                                .build());

        for (int i = 0; i < 8_000; i++) {
            bus.publish(msg(clock, "jobs"));
        }

        // Expected 2,000 each, sd ~39: 15% is about 7.7 sd, so this never fails by chance.
        assertThat(counts).extracting(AtomicInteger::get).allMatch(n -> n > 1_700 && n < 2_300);
        assertThat(counts.stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(8_000);
    }

    @Test
    void leastOutstanding_avoidsTheBusyMember() throws Exception {
        SubscriptionOptions.Builder group =
                SubscriptionOptions.builder().queueGroup("g", QueueStrategy.LEAST_OUTSTANDING);
        Gate busy = new Gate();
        Subscription slow = bus.subscribe("jobs", busy, group.build());
        AtomicInteger fast = new AtomicInteger();
        bus.subscribe("jobs", d -> fast.incrementAndGet(), group.callerThread().build());

        for (int i = 0; i < 20; i++) {
            bus.publish(msg(clock, "jobs", i));
        }

        // The busy member holds at most the one message it may have got on a tie.
        assertThat(slow.stats().pending()).isLessThanOrEqualTo(1);
        assertThat(fast.get()).isGreaterThanOrEqualTo(19);
        busy.open();
    }

    @Test
    void consistentHash_isSticky_andALeavingMemberMovesOnlyItsOwnKeys() {
        SubscriptionOptions options =
                SubscriptionOptions.builder()
                        .consistentHash("g", "customer")
                        .callerThread()
                        .build();
        Map<String, List<Integer>> ownerOf = new HashMap<>();
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int member = i;
            subs.add(
                    bus.subscribe(
                            "orders",
                            d -> {
                                String key = d.message().header("customer").orElseThrow();
                                ownerOf.computeIfAbsent(key, k -> new ArrayList<>()).add(member);
                            },
                            options));
        }

        publishKeys(200, 3);

        assertThat(ownerOf).hasSize(200);
        assertThat(ownerOf.values()).allMatch(owners -> owners.stream().distinct().count() == 1);
        Map<String, Integer> before = new HashMap<>();
        ownerOf.forEach((k, owners) -> before.put(k, owners.get(0)));
        assertThat(before.values()).containsOnly(0, 1, 2, 3).contains(0, 1, 2, 3);

        subs.get(2).unsubscribe();
        ownerOf.clear();
        publishKeys(200, 1);

        ownerOf.forEach(
                (key, owners) -> {
                    int now = owners.get(0);
                    assertThat(now).isNotEqualTo(2);
                    if (before.get(key) != 2) {
                        assertThat(now).as("key %s moved", key).isEqualTo(before.get(key));
                    }
                });
    }

    @Test
    void consistentHash_withoutTheHeader_goesRoundRobin() {
        List<AtomicInteger> counts =
                members(
                        2,
                        SubscriptionOptions.builder()
                                .consistentHash("g", "customer")
                                .callerThread()
                                .build());

        for (int i = 0; i < 10; i++) {
            bus.publish(msg(clock, "jobs"));
        }

        assertThat(counts).extracting(AtomicInteger::get).containsExactly(5, 5);
    }

    @Test
    void drainingMember_passesNewMessagesToTheOthers() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        SubscriptionOptions options = SubscriptionOptions.builder().queueGroup("g").build();
        Subscription first = bus.subscribe("jobs", d -> a.incrementAndGet(), options);
        bus.subscribe("jobs", d -> b.incrementAndGet(), options);

        first.drain();
        for (int i = 0; i < 10; i++) {
            assertThat(bus.publish(msg(clock, "jobs")).delivered()).isEqualTo(1);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> b.get() == 10);
        assertThat(a.get()).isZero();
    }

    private void publishKeys(int keys, int times) {
        for (int t = 0; t < times; t++) {
            for (int k = 0; k < keys; k++) {
                Message m =
                        Message.builder("orders").clock(clock).header("customer", "c" + k).build();
                assertThat(bus.publish(m).delivered()).isEqualTo(1);
            }
        }
    }
}
