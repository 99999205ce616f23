package dev.switchboard.benchmarks.paired;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs two JMH benchmarks as alternating single-fork pairs and reports their ratio per pair and the
 * median: {@code bin/bench-paired <benchmark B> <benchmark A> [rounds] [-p name=value ...]}, ratio
 * B / A (so "ours" first, the reference second). Each round runs both once, in turns A-B and B-A.
 *
 * <p>Why: on this shared 2-core machine whole JMH runs drift by ±20–40% within minutes, so two
 * benchmarks measured a few minutes apart (as one JMH run measures its benchmarks, one after the
 * other) can differ by more than the change being measured. A pair run back to back sees the same
 * conditions, and the median of several pairs' ratios holds where single scores do not.
 */
public final class PairedRuns {
    private PairedRuns() {}

    /**
     * @param args benchmark B, benchmark A (regular expressions JMH matches whole), optional rounds
     *     (default 5), then any {@code -p name=value} parameters and {@code -jvmArg X} options
     *     appended to both forks' JVM arguments (a collector, say)
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        if (args.length < 2) {
            System.err.println(
                    "usage: bin/bench-paired <benchmark B> <benchmark A> [rounds] [-p name=value ...]"
                            + " [-jvmArg X ...]");
            System.exit(2);
        }
        String b = args[0];
        String a = args[1];
        int rounds = 5;
        List<String[]> params = new ArrayList<>();
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("-jvmArg") && i + 1 < args.length) {
                jvmArgs.add(args[++i]);
            } else if (args[i].equals("-p") && i + 1 < args.length) {
                String[] kv = args[++i].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("-p wants name=value, got " + args[i]);
                }
                params.add(kv);
            } else {
                rounds = Integer.parseInt(args[i]);
            }
        }
        double[] ratios = new double[rounds];
        double[] scoresA = new double[rounds];
        double[] scoresB = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean aFirst = r % 2 == 0;
            double first = score(aFirst ? a : b, params, jvmArgs);
            double second = score(aFirst ? b : a, params, jvmArgs);
            scoresA[r] = aFirst ? first : second;
            scoresB[r] = aFirst ? second : first;
            ratios[r] = scoresB[r] / scoresA[r];
            System.out.printf(
                    "pair %d: %s %.4g, %s %.4g, ratio %.2f%n",
                    r + 1, b, scoresB[r], a, scoresA[r], ratios[r]);
        }
        System.out.printf(
                "%s / %s over %d pairs: median ratio %.2f (min %.2f, max %.2f); medians %.4g / %.4g%n",
                b,
                a,
                rounds,
                median(ratios),
                Arrays.stream(ratios).min().orElse(0),
                Arrays.stream(ratios).max().orElse(0),
                median(scoresB),
                median(scoresA));
    }

    private static double score(String benchmark, List<String[]> params, List<String> jvmArgs)
            throws RunnerException {
        ChainedOptionsBuilder o =
                new OptionsBuilder()
                        .include("^(.*\\.)?" + benchmark + "$")
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(1))
                        .timeUnit(TimeUnit.SECONDS)
                        .verbosity(VerboseMode.SILENT);
        for (String[] kv : params) {
            o = o.param(kv[0], kv[1]);
        }
        if (!jvmArgs.isEmpty()) {
            o = o.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        }
        RunResult result = single(new Runner(o.build()).run(), benchmark);
        return result.getPrimaryResult().getScore();
    }

    private static RunResult single(Collection<RunResult> results, String benchmark) {
        if (results.size() != 1) {
            throw new IllegalArgumentException(
                    "'"
                            + benchmark
                            + "' matched "
                            + results.size()
                            + " benchmarks; name exactly one");
        }
        return results.iterator().next();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
