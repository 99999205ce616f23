package dev.switchboard.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.load.stream.FsyncProbe;
import dev.switchboard.load.stream.StreamResult;
import dev.switchboard.load.stream.StreamScenario;
import dev.switchboard.load.stream.StreamScenario.Fsync;
import dev.switchboard.load.stream.StreamScenarioRunner;
import dev.switchboard.load.stream.StreamTarget;
import dev.switchboard.load.stream.SwitchboardStreamTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every durable-stream scenario of {@code bin/load --streams} with a handful of messages, so a
 * broken scenario fails the suite: against a Switchboard broker in its own process with a storage
 * directory, the machine's JetStream and RabbitMQ (both required when {@code CI=true}).
 */
class StreamLoadSmokeTest {
    private static final StreamScenarioRunner RUNNER = new StreamScenarioRunner(20, 500, 1_000);

    private static void runAll(StreamTarget target) throws Exception {
        for (StreamScenario s :
                new StreamScenario[] {
                    StreamScenario.publishSync(128, Fsync.ALWAYS),
                    StreamScenario.publishSync(128, Fsync.INTERVAL),
                    StreamScenario.publishAsync(128, 64, Fsync.ALWAYS),
                    StreamScenario.replay(128, Fsync.ALWAYS)
                }) {
            StreamResult r = RUNNER.run(target, s);
            assertThat(r.messages()).as(s.label()).isEqualTo(RUNNER.messages(s.kind()));
            assertThat(r.seconds()).as(s.label()).isPositive();
            assertThat(r.durability()).isNotBlank();
            if (s.kind() == StreamScenario.Kind.PUBLISH_SYNC) {
                assertThat(r.latencyMicros().getTotalCount()).isEqualTo(20);
            }
        }
    }

    @Test
    void everyScenario_runsAgainstSwitchboard(@TempDir Path storage) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(1, storage)) {
            SwitchboardStreamTarget target =
                    new SwitchboardStreamTarget(
                            "sb://127.0.0.1:" + broker.port(), Optional.of(broker.handle()));
            // The shortest warm-up still runs one round per fsync policy, and replays it.
            assertThat(RUNNER.warmUp(target, 128, java.time.Duration.ofMillis(1)))
                    .isEqualTo(2 * 20_200);
            runAll(target);
        }
    }

    @Test
    void everyScenario_runsAgainstJetStream() throws Exception {
        MachineService.require(4222, "nats-server -js");
        runAll(new JetStreamTarget("nats://127.0.0.1:4222"));
    }

    @Test
    void everyScenario_runsAgainstRabbitMq() throws Exception {
        MachineService.require(5672, "RabbitMQ");
        RabbitMqTarget target = new RabbitMqTarget("127.0.0.1", 5672);
        assertThat(target.serverVersion()).isNotBlank();
        runAll(target);
    }

    @Test
    void fsyncProbe_measures(@TempDir Path dir) throws IOException {
        FsyncProbe.Latency l = FsyncProbe.measure(dir, 20, 128, 100);
        assertThat(l.nanos().getTotalCount()).isEqualTo(20);
        assertThat(l.p50Micros()).isPositive();
        assertThat(l.batchedRecordsPerSecond()).isPositive();
    }
}
