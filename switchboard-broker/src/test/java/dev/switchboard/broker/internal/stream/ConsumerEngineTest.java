package dev.switchboard.broker.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ManualClock;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerConfig.AckPolicy;
import dev.switchboard.protocol.stream.ConsumerConfig.DeliverPolicy;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StreamStore;
import dev.switchboard.store.memory.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consumer state machine with a manual clock: leases, backoff, max deliveries, policies. */
class ConsumerEngineTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private StreamStore store;
    private final List<String> deadLetters = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = new MemoryStorage(clock).create(StoreConfig.builder("S").build(), new byte[0]);
    }

    private void append(String subject, int n) {
        for (int i = 0; i < n; i++) {
            store.append(
                    subject,
                    Headers.EMPTY,
                    ("m" + i).getBytes(StandardCharsets.UTF_8),
                    StreamStore.ANY_LAST_SEQUENCE,
                    null);
        }
    }

    private ConsumerEngine engine(ConsumerConfig cfg) {
        ConsumerEngine e =
                new ConsumerEngine(
                        "S",
                        cfg,
                        clock.instant(),
                        store,
                        clock,
                        new Random(1),
                        (m, deliveries, reason) ->
                                deadLetters.add(m.sequence() + ":" + deliveries + ":" + reason));
        e.positionNew();
        return e;
    }

    private static ConsumerConfig.Builder base() {
        return ConsumerConfig.builder("c").ackWaitMs(1_000).backoff(100, 1_000, 2.0, 0);
    }

    private List<Long> drain(ConsumerEngine e) {
        List<Long> seqs = new ArrayList<>();
        Delivery d;
        while ((d = e.next(Long.MAX_VALUE)) != null) {
            seqs.add(d.message().sequence());
        }
        return seqs;
    }

    @Test
    void deliversInOrder_andAckAdvancesTheFloor() {
        append("a", 3);
        ConsumerEngine e = engine(base().build());
        assertThat(drain(e)).containsExactly(1L, 2L, 3L);
        assertThat(e.ack(2)).containsExactly(2L);
        assertThat(e.ackFloor).isZero();
        e.ack(1);
        assertThat(e.ackFloor).isEqualTo(2);
        assertThat(e.ack(1)).isEmpty(); // not pending any more
        e.ack(3);
        assertThat(e.ackFloor).isEqualTo(3);
        assertThat(e.pending).isEmpty();
    }

    @Test
    void durableBound_holdsBackMessagesNotYetOnDisk() {
        append("a", 3);
        ConsumerEngine e = engine(base().build());
        assertThat(e.next(1).message().sequence()).isEqualTo(1);
        assertThat(e.next(1)).isNull();
        assertThat(e.next(3).message().sequence()).isEqualTo(2);
    }

    @Test
    void expiredLease_redeliversAfterBackoff_withGrowingDelay() {
        append("a", 1);
        ConsumerEngine e = engine(base().build());
        assertThat(e.next(Long.MAX_VALUE).deliveries()).isEqualTo(1);
        clock.advance(Duration.ofMillis(999));
        e.tick();
        assertThat(e.next(Long.MAX_VALUE)).isNull(); // lease still running
        clock.advance(Duration.ofMillis(1));
        e.tick(); // lease over: backoff 100 ms (1st failure)
        assertThat(e.next(Long.MAX_VALUE)).isNull();
        clock.advance(Duration.ofMillis(100));
        e.tick();
        Delivery second = e.next(Long.MAX_VALUE);
        assertThat(second.deliveries()).isEqualTo(2);
        assertThat(second.consumerSeq()).isEqualTo(2);
        clock.advance(Duration.ofMillis(1_000));
        e.tick(); // 2nd failure: backoff 200 ms
        clock.advance(Duration.ofMillis(199));
        e.tick();
        assertThat(e.next(Long.MAX_VALUE)).isNull();
        clock.advance(Duration.ofMillis(1));
        e.tick();
        assertThat(e.next(Long.MAX_VALUE).deliveries()).isEqualTo(3);
    }

    @Test
    void backoff_isCapped_andJitterStaysWithinItsSpread() {
        ConsumerConfig cfg = base().backoff(100, 500, 3.0, 0).build();
        assertThat(cfg.backoffMs(1)).isEqualTo(100);
        assertThat(cfg.backoffMs(2)).isEqualTo(300);
        assertThat(cfg.backoffMs(3)).isEqualTo(500);
        assertThat(cfg.backoffMs(30)).isEqualTo(500);
        append("a", 1);
        ConsumerEngine e = engine(base().backoff(1_000, 1_000, 2.0, 0.5).build());
        e.next(Long.MAX_VALUE);
        e.nak(1, -1); // backoff 1000 ms ± 50 %
        clock.advance(Duration.ofMillis(499));
        e.tick();
        assertThat(e.next(Long.MAX_VALUE)).isNull();
        clock.advance(Duration.ofMillis(1_001));
        e.tick();
        assertThat(e.next(Long.MAX_VALUE)).isNotNull();
    }

    @Test
    void inProgress_extendsTheLease() {
        append("a", 1);
        ConsumerEngine e = engine(base().build());
        e.next(Long.MAX_VALUE);
        clock.advance(Duration.ofMillis(900));
        assertThat(e.inProgress(1)).isEqualTo(ConsumerEngine.AckOutcome.OK);
        clock.advance(Duration.ofMillis(900)); // 1800 ms after delivery, 900 after WIP
        e.tick();
        clock.advance(Duration.ofMillis(200));
        e.tick();
        assertThat(e.next(Long.MAX_VALUE)).isNull(); // nothing redelivered: lease ran to 1900
        assertThat(e.ack(1)).containsExactly(1L);
    }

    @Test
    void nakWithDelay_redeliversAfterThatDelay() {
        append("a", 2);
        ConsumerEngine e = engine(base().build());
        drain(e);
        e.nak(1, 5_000);
        e.nak(2, 0);
        assertThat(e.next(Long.MAX_VALUE).message().sequence()).isEqualTo(2);
        clock.advance(Duration.ofMillis(4_999));
        e.tick();
        assertThat(e.next(Long.MAX_VALUE)).isNull();
        clock.advance(Duration.ofMillis(1));
        e.tick();
        assertThat(e.next(Long.MAX_VALUE).message().sequence()).isEqualTo(1);
        assertThat(e.nak(99, 0)).isEqualTo(ConsumerEngine.AckOutcome.NOT_PENDING);
    }

    @Test
    void maxDeliver_deadLettersWithTheCount() {
        append("a", 1);
        ConsumerEngine e = engine(base().maxDeliver(2).build());
        e.next(Long.MAX_VALUE);
        e.nak(1, 0);
        assertThat(e.next(Long.MAX_VALUE).deliveries()).isEqualTo(2);
        clock.advance(Duration.ofMillis(1_000));
        e.tick(); // second lease expires: exhausted
        assertThat(deadLetters).containsExactly("1:2:max_deliveries");
        assertThat(e.pending).isEmpty();
        assertThat(e.ackFloor).isEqualTo(1);
        assertThat(e.deadLettered).isEqualTo(1);
        assertThat(e.next(Long.MAX_VALUE)).isNull();
    }

    @Test
    void term_deadLettersWithTheReason() {
        append("a", 1);
        ConsumerEngine e = engine(base().build());
        e.next(Long.MAX_VALUE);
        e.term(1, "bad payload");
        assertThat(deadLetters).containsExactly("1:1:terminated: bad payload");
    }

    @Test
    void maxAckPending_boundsOutstandingDeliveries() {
        append("a", 5);
        ConsumerEngine e = engine(base().maxAckPending(2).build());
        assertThat(drain(e)).containsExactly(1L, 2L);
        e.ack(1);
        assertThat(drain(e)).containsExactly(3L);
    }

    @Test
    void ackAll_acknowledgesEverythingBefore() {
        append("a", 4);
        ConsumerEngine e = engine(base().ackPolicy(AckPolicy.ALL).build());
        drain(e);
        assertThat(e.ack(3)).containsExactly(1L, 2L, 3L);
        assertThat(e.ackFloor).isEqualTo(3);
        assertThat(e.pending).containsOnlyKeys(4L);
    }

    @Test
    void ackNone_neverRedelivers() {
        append("a", 3);
        ConsumerEngine e = engine(base().ackPolicy(AckPolicy.NONE).maxAckPending(1).build());
        assertThat(drain(e)).containsExactly(1L, 2L, 3L);
        assertThat(e.pending).isEmpty();
        assertThat(e.ackFloor).isEqualTo(3);
    }

    @Test
    void deliverPolicies_startWhereTheySay() {
        append("a", 2);
        append("b", 2);
        clock.advance(Duration.ofSeconds(10));
        Instant later = clock.instant();
        append("a", 1); // seq 5
        assertThat(drain(engine(base().deliverPolicy(DeliverPolicy.NEW).build()))).isEmpty();
        assertThat(drain(engine(base().deliverPolicy(DeliverPolicy.LAST).build())))
                .containsExactly(5L);
        assertThat(drain(engine(base().deliverPolicy(DeliverPolicy.LAST_PER_SUBJECT).build())))
                .containsExactly(4L, 5L);
        assertThat(drain(engine(base().startSequence(3).build()))).containsExactly(3L, 4L, 5L);
        assertThat(drain(engine(base().startTime(later).build()))).containsExactly(5L);
        assertThat(drain(engine(base().filterSubject("b").build()))).containsExactly(3L, 4L);
    }

    @Test
    void snapshotAndRestore_keepPositionPendingAndCounts() {
        append("a", 3);
        ConsumerEngine e = engine(base().build());
        drain(e);
        e.ack(1);
        e.nak(2, 0);
        e.next(Long.MAX_VALUE); // 2 again: deliveries 2
        byte[] bytes = ConsumerStateCodec.encode(e.snapshot());
        ConsumerStateCodec.State s = ConsumerStateCodec.decode(bytes);
        ConsumerEngine restored =
                new ConsumerEngine(
                        "S", s.config(), s.created(), store, clock, new Random(1), (m, d, r) -> {});
        restored.restore(s);
        assertThat(restored.pending).containsOnlyKeys(2L, 3L);
        assertThat(restored.pending.get(2L).deliveries).isEqualTo(2);
        assertThat(restored.ackFloor).isEqualTo(1);
        assertThat(restored.nextSeq).isEqualTo(4);
        assertThat(restored.consumerSeq).isEqualTo(4);
        // Restored deliveries are leased anew: redelivered once that lease ends.
        assertThat(restored.next(Long.MAX_VALUE)).isNull();
        clock.advance(Duration.ofMillis(1_000));
        restored.tick();
        clock.advance(Duration.ofMillis(400));
        restored.tick();
        List<Long> again = new ArrayList<>();
        Delivery d;
        while ((d = restored.next(Long.MAX_VALUE)) != null) {
            again.add(d.message().sequence());
        }
        assertThat(again).containsExactly(2L, 3L);
    }

    @Test
    void restore_neverStandsPastTheStreamsEnd() {
        append("a", 2);
        ConsumerEngine e = engine(base().build());
        ConsumerStateCodec.State lost =
                new ConsumerStateCodec.State(
                        e.config,
                        e.created,
                        10, // the stream lost its tail (a machine crash under fsync never)
                        9,
                        9,
                        0,
                        List.of(new ConsumerStateCodec.PendingEntry(8, 1, 8)),
                        List.of());
        ConsumerEngine restored =
                new ConsumerEngine(
                        "S", e.config, e.created, store, clock, new Random(1), (m, d, r) -> {});
        restored.restore(lost);
        assertThat(restored.nextSeq).isEqualTo(3);
        assertThat(restored.ackFloor).isEqualTo(2);
        assertThat(restored.pending).isEmpty();
        append("a", 1); // seq 3, reusing a lost sequence: delivered
        assertThat(restored.next(Long.MAX_VALUE).message().sequence()).isEqualTo(3);
    }

    @Test
    void staleTimers_doNotAccumulate() {
        append("a", 1);
        ConsumerEngine e = engine(base().build());
        e.next(Long.MAX_VALUE);
        for (int i = 0; i < 10_000; i++) {
            e.inProgress(1); // a client renewing its lease in a loop
        }
        assertThat(e.timerCount()).isLessThanOrEqualTo(2 * e.pending.size() + 65);
    }
}
