package dev.switchboard.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.load.LoadTarget;
import dev.switchboard.load.Result;
import dev.switchboard.load.Scenario;
import dev.switchboard.load.ScenarioRunner;
import org.junit.jupiter.api.Test;

/**
 * Runs every load scenario briefly, so a broken load tool fails the suite: against a Switchboard
 * broker in its own process, and against the machine's nats-server (required when {@code CI=true}).
 */
class LoadToolSmokeTest {
    private static final ScenarioRunner RUNNER = new ScenarioRunner(20_000, 200);

    private static void runAll(LoadTarget target) throws Exception {
        for (Scenario s :
                new Scenario[] {
                    Scenario.pubSub(128),
                    Scenario.fanOut(4, 16),
                    Scenario.queue(2, 128),
                    Scenario.requestReply(16)
                }) {
            Result r = RUNNER.run(target, s);
            assertThat(r.deliveries())
                    .as(s.label())
                    .isEqualTo(r.messages() * (s.requestReply() ? 2 : s.deliveriesPerMessage()));
            assertThat(r.seconds()).isPositive();
            if (s.requestReply()) {
                assertThat(r.latencyMicros().getTotalCount()).isEqualTo(200);
            }
        }
    }

    @Test
    void everyScenario_runsAgainstSwitchboard_withDefaultAndTunedClients() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(1);
                LoadTarget target = new SwitchboardTarget(broker, false);
                LoadTarget tuned = new SwitchboardTarget(broker, true)) {
            runAll(target);
            runAll(tuned);
            assertThat(target.serverProcess()).isPresent();
            assertThat(tuned.name()).isEqualTo("switchboard-tuned");
        }
    }

    @Test
    void everyScenario_runsAgainstNats() throws Exception {
        MachineService.require(4222, "nats-server");
        try (LoadTarget target = new NatsTarget("nats://127.0.0.1:4222")) {
            runAll(target);
        }
    }
}
