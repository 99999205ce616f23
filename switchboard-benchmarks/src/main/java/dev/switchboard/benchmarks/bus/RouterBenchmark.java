package dev.switchboard.benchmarks.bus;

import dev.switchboard.bus.routing.Match;
import dev.switchboard.bus.routing.SubjectRouter;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Subject matching with 10 k and 100 k subscriptions in a realistic mix (telemetry subjects {@code
 * telemetry.<region>.<device>.<metric>}): 85% literal device/metric subscriptions, 10% {@code
 * telemetry.<region>.*.<metric>}, 4% {@code telemetry.<region>.<device>.>}, 1% {@code
 * alerts.#}-style catch-alls. Publishes cycle over 4,096 subjects. With the match cache, and with
 * it disabled (every publish walks the trie).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RouterBenchmark {
    private static final String[] METRICS = {"temperature", "humidity", "pressure", "battery"};
    private static final int REGIONS = 16;

    @Param({"10000", "100000"})
    public int subscriptions;

    @Param({"true", "false"})
    public boolean cache;

    private SubjectRouter<Integer> router;
    private String[] subjects;
    private int next;

    /** Builds the router and the publish subjects once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        router = new SubjectRouter<>(cache ? SubjectRouter.DEFAULT_CACHE_CAPACITY : 0);
        Random random = new Random(42);
        int devices = Math.max(1, subscriptions / 4);
        for (int i = 0; i < subscriptions; i++) {
            int region = random.nextInt(REGIONS);
            int device = random.nextInt(devices);
            String metric = METRICS[random.nextInt(METRICS.length)];
            int kind = random.nextInt(100);
            String pattern;
            if (kind < 85) {
                pattern = "telemetry.r" + region + ".d" + device + "." + metric;
            } else if (kind < 95) {
                pattern = "telemetry.r" + region + ".*." + metric;
            } else if (kind < 99) {
                pattern = "telemetry.r" + region + ".d" + device + ".>";
            } else {
                pattern = "alerts.r" + region + ".#";
            }
            router.add(pattern, null, i);
        }
        subjects = new String[4096];
        for (int i = 0; i < subjects.length; i++) {
            subjects[i] =
                    "telemetry.r"
                            + random.nextInt(REGIONS)
                            + ".d"
                            + random.nextInt(devices)
                            + "."
                            + METRICS[random.nextInt(METRICS.length)];
        }
    }

    /**
     * @return the match of the next subject
     */
    @Benchmark
    public Match<Integer> match() {
        String s = subjects[next++ & (subjects.length - 1)];
        return router.match(s);
    }
}
