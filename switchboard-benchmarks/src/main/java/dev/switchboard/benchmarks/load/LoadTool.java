package dev.switchboard.benchmarks.load;

import dev.switchboard.load.LoadTarget;
import dev.switchboard.load.Report;
import dev.switchboard.load.Result;
import dev.switchboard.load.Scenario;
import dev.switchboard.load.ScenarioRunner;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The load tool: runs the broker scenarios over loopback against Switchboard (a broker in its own
 * process) and the machine's nats-server in the same run, and prints a Markdown report with each
 * Switchboard figure as a ratio to NATS's.
 *
 * <pre>
 * java -cp switchboard-benchmarks.jar dev.switchboard.benchmarks.load.LoadTool \
 *     [--messages N] [--requests N] [--warmup SECONDS] [--nats URL] [--only switchboard|nats]
 *     [--scenario TEXT] [--broker-io-threads N] [--quick]
 * </pre>
 *
 * <p>Every target is first warmed up for {@code --warmup} seconds (10 by default, 1 with {@code
 * --quick}; see {@link ScenarioRunner#warmUp}), then the scenarios run, alternating targets.
 *
 * <p>With {@code --streams}, runs the durable-stream scenarios instead ({@link StreamLoadTool}).
 */
public final class LoadTool {
    private LoadTool() {}

    /**
     * @param args see the class comment
     * @throws Exception if a scenario fails
     */
    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--streams")) {
            StreamLoadTool.main(args);
            return;
        }
        long messages = 2_000_000;
        long requests = 20_000;
        String nats = "nats://127.0.0.1:4222";
        String only = null;
        String scenarioFilter = null;
        int ioThreads = 0;
        int warmupSeconds = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Long.parseLong(args[++i]);
                case "--requests" -> requests = Long.parseLong(args[++i]);
                case "--nats" -> nats = args[++i];
                case "--only" -> only = args[++i];
                case "--scenario" -> scenarioFilter = args[++i];
                case "--broker-io-threads" -> ioThreads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--quick" -> {
                    messages = 200_000;
                    requests = 2_000;
                    warmupSeconds = 1;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException(
                    "--warmup must be >= 0 seconds (0: one short round), was " + warmupSeconds);
        }
        List<Scenario> scenarios =
                List.of(
                        Scenario.pubSub(16),
                        Scenario.pubSub(128),
                        Scenario.pubSub(1024),
                        Scenario.fanOut(4, 128),
                        Scenario.queue(2, 128),
                        Scenario.requestReply(16),
                        Scenario.requestReply(128),
                        Scenario.requestReply(1024));
        if (scenarioFilter != null) {
            String f = scenarioFilter;
            scenarios = scenarios.stream().filter(s -> s.label().contains(f)).toList();
        }
        ScenarioRunner runner = new ScenarioRunner(messages, requests);
        List<Result> ours = new ArrayList<>();
        List<Result> tuned = new ArrayList<>();
        List<Result> theirs = new ArrayList<>();
        try (BrokerProcess broker = "nats".equals(only) ? null : BrokerProcess.start(ioThreads);
                LoadTarget sb = broker == null ? null : new SwitchboardTarget(broker, false);
                LoadTarget sbTuned = broker == null ? null : new SwitchboardTarget(broker, true);
                LoadTarget peer = "switchboard".equals(only) ? null : new NatsTarget(nats)) {
            for (LoadTarget t : Arrays.asList(sb, sbTuned, peer)) {
                if (t != null) {
                    long t0 = System.nanoTime();
                    long rounds = runner.warmUp(t, scenarios, Duration.ofSeconds(warmupSeconds));
                    System.err.printf(
                            Locale.ROOT,
                            "%-12s warm-up: %d round(s) of every scenario in %.1f s%n",
                            t.name(),
                            rounds,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
            for (Scenario s : scenarios) {
                // Alternate targets per scenario so drift on this shared machine hits all alike.
                if (sb != null) {
                    ours.add(report(runner.run(sb, s), System.err));
                    tuned.add(report(runner.run(sbTuned, s), System.err));
                }
                if (peer != null) {
                    theirs.add(report(runner.run(peer, s), System.err));
                }
            }
        }
        PrintWriter out = new PrintWriter(System.out, true);
        Report.header(messages, requests, out);
        Report.compare("Switchboard", ours, theirs, out);
        Report.compare(
                "Switchboard tuned (inline handlers, requester spins "
                        + SwitchboardTarget.TUNED_SPIN.toNanos() / 1000
                        + " µs)",
                tuned,
                theirs,
                out);
    }

    private static Result report(Result r, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-12s %-28s %9.0f msgs/s %10.0f deliveries/s  cpu/delivery %6.0f ns%s%n",
                r.target(),
                r.scenario().label(),
                r.messagesPerSecond(),
                r.deliveriesPerSecond(),
                r.cpuNanosPerDelivery(),
                r.latencyMicros() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "  p50 %d µs p99 %d µs",
                                r.latencyMicros().getValueAtPercentile(50),
                                r.latencyMicros().getValueAtPercentile(99)));
        return r;
    }
}
