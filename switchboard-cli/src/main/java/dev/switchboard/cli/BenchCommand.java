package dev.switchboard.cli;

import dev.switchboard.cli.messaging.ServerOptions;
import dev.switchboard.load.Report;
import dev.switchboard.load.Result;
import dev.switchboard.load.Scenario;
import dev.switchboard.load.ScenarioRunner;
import dev.switchboard.load.SwitchboardClientTarget;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the load scenarios of {@code dev.switchboard.load} against a running server and prints a
 * throughput table and a latency table (HdrHistogram percentiles). Progress goes to standard error:
 * a redrawn bar on a terminal, otherwise one line per finished scenario.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure a running server: throughput and latency of pub/sub, fan-out, queue group"
                    + " and request/reply.",
            "Throughput scenarios pace the publisher so nothing is dropped; their latency is"
                    + " publish-to-delivery under that load. Request/reply latency is sequential"
                    + " round trips. Every scenario first runs in rounds of a tenth of its size for"
                    + " --warmup seconds, unmeasured, so that the JIT has compiled the paths measured;"
                    + " then a tenth (a fifth for requests) more runs first as its own warm-up.",
            "Example: switchboard bench -s sb://10.0.0.5:7422 --scenario pubsub --size 1024"
        })
final class BenchCommand implements Callable<Integer> {
    /** Which scenarios to run. */
    enum Which {
        pubsub,
        fanout,
        queue,
        reqrep,
        all
    }

    @Spec CommandSpec spec;

    @Mixin ServerOptions server;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            defaultValue = "all",
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Which scenario;

    @Option(
            names = "--size",
            paramLabel = "BYTES",
            defaultValue = "128",
            description = "Payload size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--messages",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Messages per throughput scenario (default: ${DEFAULT-VALUE}).")
    long messages;

    @Option(
            names = "--requests",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Round trips in the request/reply scenario (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description =
                    "Run every scenario unmeasured for this long first; 0 for one short round"
                            + " (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(
            names = "--subscribers",
            paramLabel = "N",
            defaultValue = "4",
            description =
                    "Subscribers in the fan-out scenario and members of the queue group"
                            + " (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Override
    public Integer call() throws Exception {
        if (size < 0 || warmupSeconds < 0 || messages < 1 || requests < 1 || subscribers < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--size and --warmup must be >= 0 and --messages, --requests, --subscribers"
                            + " >= 1");
        }
        // Fail with one line before any scenario if the server is not there.
        server.connect("bench").close();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        ScenarioRunner runner =
                new ScenarioRunner(messages, requests)
                        .withPublishLatency(true)
                        .withProgress(
                                terminal ? new ProgressBar(err) : ScenarioRunner.Progress.NONE);
        List<Result> results = new ArrayList<>();
        try (SwitchboardClientTarget target =
                new SwitchboardClientTarget(server.clientOptions("bench"), Optional.empty())) {
            List<Scenario> scenarios = scenarios();
            long rounds = runner.warmUp(target, scenarios, Duration.ofSeconds(warmupSeconds));
            err.printf(Locale.ROOT, "warm-up: %d round(s) of every scenario%n", rounds);
            err.flush();
            for (Scenario s : scenarios) {
                Result r = runner.run(target, s);
                results.add(r);
                if (terminal) {
                    err.print("\r\033[K");
                }
                err.printf(
                        Locale.ROOT,
                        "%-28s %,12.0f msgs/s %,12.0f deliveries/s%n",
                        s.label(),
                        r.messagesPerSecond(),
                        r.deliveriesPerSecond());
                err.flush();
            }
        }
        out.printf(
                Locale.ROOT,
                "%nswitchboard bench against %s: %,d messages per throughput scenario, %,d"
                        + " requests, %d B payloads%n%n",
                server.server(),
                messages,
                requests,
                size);
        Report.print(results, out);
        out.flush();
        return 0;
    }

    private List<Scenario> scenarios() {
        return switch (scenario) {
            case pubsub -> List.of(Scenario.pubSub(size));
            case fanout -> List.of(Scenario.fanOut(subscribers, size));
            case queue -> List.of(Scenario.queue(subscribers, size));
            case reqrep -> List.of(Scenario.requestReply(size));
            case all ->
                    List.of(
                            Scenario.pubSub(size),
                            Scenario.fanOut(subscribers, size),
                            Scenario.queue(subscribers, size),
                            Scenario.requestReply(size));
        };
    }

    /** A bar redrawn in place at most ten times a second; called on the running thread. */
    private static final class ProgressBar implements ScenarioRunner.Progress {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private long lastDrawNs;

        ProgressBar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void update(Scenario s, long done, long total) {
            long now = System.nanoTime();
            if (done < total && now - lastDrawNs < 100_000_000L) {
                return;
            }
            lastDrawNs = now;
            int filled = (int) (WIDTH * Math.min(done, total) / Math.max(1, total));
            err.printf(
                    Locale.ROOT,
                    "\r\033[K%-28s [%s%s] %3d%%",
                    s.label(),
                    "#".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    100 * Math.min(done, total) / Math.max(1, total));
            err.flush();
        }
    }
}
