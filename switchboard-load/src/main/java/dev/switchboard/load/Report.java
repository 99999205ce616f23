package dev.switchboard.load;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Prints load results as Markdown tables: one target's throughput and latency percentiles ({@link
 * #print(List, PrintWriter)}, what {@code switchboard bench} shows), or Switchboard beside NATS
 * with ratios ({@link #compare}, what {@code bin/load} shows).
 */
public final class Report {
    private Report() {}

    /**
     * Prints one target's results: a throughput table, then a latency table (µs) for every result
     * that has a histogram.
     *
     * @param results the results, in the order they ran
     * @param out where to print
     */
    public static void print(List<Result> results, PrintWriter out) {
        out.println("| scenario | messages | msgs/s | deliveries/s | payload MB/s | seconds |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %,.0f | %,.0f | %.1f | %.2f |%n",
                    r.scenario().label(),
                    r.messages(),
                    r.messagesPerSecond(),
                    r.deliveriesPerSecond(),
                    r.deliveriesPerSecond() * r.scenario().size() / 1e6,
                    r.seconds());
        }
        if (results.stream().noneMatch(r -> r.latencyMicros() != null)) {
            return;
        }
        out.println();
        out.println("| latency (µs) | what | p50 | p90 | p99 | p99.9 | max | samples |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            Histogram h = r.latencyMicros();
            if (h == null) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %d | %d | %d | %,d |%n",
                    r.scenario().label(),
                    r.scenario().requestReply() ? "round trip" : "publish→delivery, saturated",
                    h.getValueAtPercentile(50),
                    h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9),
                    h.getMaxValue(),
                    h.getTotalCount());
        }
    }

    /**
     * Prints the run's conditions, once before the {@link #compare} tables.
     *
     * @param messages messages per throughput scenario
     * @param requests requests per latency scenario
     * @param out where to print
     */
    public static void header(long messages, long requests, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Load run: %s, %d cores, JDK %s; %,d messages per throughput scenario, %,d sequential"
                        + " requests per latency scenario; loopback, broker in its own process;"
                        + " publisher paced by a window (no drops).%n%n",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                messages,
                requests);
    }

    /**
     * Prints Switchboard's results beside a peer's, with ratios.
     *
     * @param label what the Switchboard column is called (the client settings it ran with)
     * @param ours Switchboard's results
     * @param theirs the peer's results, the same scenarios in the same order (may be empty)
     * @param out where to print
     */
    public static void compare(
            String label, List<Result> ours, List<Result> theirs, PrintWriter out) {
        out.println(
                "| scenario | "
                        + label
                        + " | NATS | ratio | "
                        + label
                        + " CPU/delivery | NATS CPU/delivery | CPU ratio |");
        out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
            Result a = i < ours.size() ? ours.get(i) : null;
            Result b = i < theirs.size() ? theirs.get(i) : null;
            Result any = a != null ? a : b;
            if (any.scenario().requestReply()) {
                continue;
            }
            double x = a == null ? Double.NaN : a.deliveriesPerSecond();
            double y = b == null ? Double.NaN : b.deliveriesPerSecond();
            double cx = a == null ? Double.NaN : a.cpuNanosPerDelivery();
            double cy = b == null ? Double.NaN : b.cpuNanosPerDelivery();
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s |%n",
                    any.scenario().label(),
                    rate(x),
                    rate(y),
                    times(x / y),
                    nanos(cx),
                    nanos(cy),
                    times(cx / cy));
        }
        out.println();
        out.println(
                "| request/reply | "
                        + label
                        + " p50 / p90 / p99 / p99.9 (µs) | NATS p50 / p90 / p99 / p99.9 (µs) | p50"
                        + " ratio | p99 ratio |");
        out.println("|---|---|---|---|---|");
        for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
            Result a = i < ours.size() ? ours.get(i) : null;
            Result b = i < theirs.size() ? theirs.get(i) : null;
            Result any = a != null ? a : b;
            if (!any.scenario().requestReply()) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "| %d B | %s | %s | %s | %s |%n",
                    any.scenario().size(),
                    percentiles(a),
                    percentiles(b),
                    times(ratio(a, b, 50)),
                    times(ratio(a, b, 99)));
        }
        out.println();
        out.flush();
    }

    /**
     * @param ratio a ratio, NaN when a side was not measured
     * @return it as "1.23×", or "—" for NaN
     */
    public static String times(double ratio) {
        return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String nanos(double ns) {
        return Double.isNaN(ns) ? "—" : String.format(Locale.ROOT, "%.0f ns", ns);
    }

    private static String rate(double perSecond) {
        return Double.isNaN(perSecond)
                ? "—"
                : String.format(Locale.ROOT, "%.2f M/s", perSecond / 1e6);
    }

    private static String percentiles(Result r) {
        if (r == null) {
            return "—";
        }
        Histogram h = r.latencyMicros();
        return h.getValueAtPercentile(50)
                + " / "
                + h.getValueAtPercentile(90)
                + " / "
                + h.getValueAtPercentile(99)
                + " / "
                + h.getValueAtPercentile(99.9);
    }

    private static double ratio(Result a, Result b, double percentile) {
        if (a == null || b == null) {
            return Double.NaN;
        }
        return (double) a.latencyMicros().getValueAtPercentile(percentile)
                / b.latencyMicros().getValueAtPercentile(percentile);
    }
}
