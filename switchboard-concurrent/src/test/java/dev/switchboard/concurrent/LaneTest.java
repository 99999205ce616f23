package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.message.Priority;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LaneTest extends SchedulerTestSupport {
    private static final Lane CODEC = Lane.of("codec");
    private static final Lane DB = Lane.of("db");

    private SchedulerConfig.Builder withLanes() {
        return config(2).lane(LaneConfig.platform("codec", 1)).lane(LaneConfig.virtual("db", 4));
    }

    private static String threadName() {
        return Thread.currentThread().getName();
    }

    @Test
    void taggedJobs_runOnTheirLanesWorkers_untaggedOnTheSharedPool() throws Exception {
        JobScheduler s = start(withLanes());
        assertThat(s.lanes()).containsExactlyInAnyOrder(Lane.SHARED, Lane.BLOCKING, CODEC, DB);

        assertThat(s.submit(CODEC, LaneTest::threadName, Priority.NORMAL).get(10, TimeUnit.SECONDS))
                .isEqualTo("switchboard-codec-0");
        assertThat(s.submit(LaneTest::threadName, Priority.NORMAL).get(10, TimeUnit.SECONDS))
                .startsWith("switchboard-shared-");
        CompletableFuture<Boolean> virtual =
                s.submit(DB, () -> Thread.currentThread().isVirtual(), Priority.NORMAL);
        assertThat(virtual.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(s.submit(DB, LaneTest::threadName, Priority.NORMAL).get(10, TimeUnit.SECONDS))
                .startsWith("switchboard-db-");
        // Lanes are equal by name.
        assertThat(
                        s.submit(Lane.of("codec"), LaneTest::threadName, Priority.LOW)
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo("switchboard-codec-0");
    }

    @Test
    void aBusyLane_doesNotHoldUpOtherLanes() throws Exception {
        JobScheduler s = start(withLanes());
        Gate gate = new Gate();
        s.execute(CODEC, gate.job(), Priority.NORMAL);
        gate.awaitEntered();
        CompletableFuture<Integer> queuedBehindGate = s.submit(CODEC, () -> 1, Priority.CRITICAL);

        assertThat(s.submit(() -> 2, Priority.LOWEST).get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(queuedBehindGate).isNotDone();
        assertThat(s.queuedJobs(CODEC)).isEqualTo(1);
        gate.open();
        assertThat(queuedBehindGate.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void unknownLane_withSharedFallback_runsOnTheSharedPool() throws Exception {
        JobScheduler s = start(withLanes().unknownLanePolicy(UnknownLanePolicy.SHARED));
        String name =
                s.submit(Lane.of("no-such-lane"), LaneTest::threadName, Priority.NORMAL)
                        .get(10, TimeUnit.SECONDS);
        assertThat(name).startsWith("switchboard-shared-");
        assertThat(metrics.snapshot(Lane.SHARED).completed()).isEqualTo(1);
        assertThat(s.queuedJobs(Lane.of("no-such-lane"))).isZero();
    }

    @Test
    void unknownLane_withRejectPolicy_isRefused() {
        JobScheduler s = start(withLanes().unknownLanePolicy(UnknownLanePolicy.REJECT));
        Lane nope = Lane.of("nope");
        assertThat(s.trySubmit(nope, () -> 1, Priority.NORMAL).status())
                .isEqualTo(SubmitStatus.NO_SUCH_LANE);
        assertThat(s.tryExecute(nope, () -> {}, Priority.NORMAL))
                .isEqualTo(SubmitStatus.NO_SUCH_LANE);
        assertThatThrownBy(() -> s.execute(nope, () -> {}, Priority.NORMAL))
                .isInstanceOf(RejectedJobException.class)
                .hasMessageContaining("no lane 'nope'")
                .hasMessageContaining("blocking, codec, db, shared");
        assertThat(metrics.snapshot(nope).rejected()).isEqualTo(3);
    }

    @Test
    void rejectIsTheDefaultUnknownLanePolicy() {
        assertThat(SchedulerConfig.defaults().unknownLanePolicy())
                .isEqualTo(UnknownLanePolicy.REJECT);
    }
}
