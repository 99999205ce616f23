package dev.switchboard.benchmarks.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Prints the load tool's results as Markdown tables, Switchboard beside NATS with ratios. */
final class Report {
    private Report() {}

    static void print(
            List<Result> ours, List<Result> theirs, long messages, long requests, PrintStream out) {
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
        out.println(
                "| scenario | Switchboard | NATS | ratio | Switchboard CPU/delivery | NATS"
                        + " CPU/delivery | CPU ratio |");
        out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
            Result a = i < ours.size() ? ours.get(i) : null;
            Result b = i < theirs.size() ? theirs.get(i) : null;
            Result any = a != null ? a : b;
            if (any.latencyMicros() != null) {
                continue;
            }
            double x = a == null ? Double.NaN : a.deliveriesPerSecond();
            double y = b == null ? Double.NaN : b.deliveriesPerSecond();
            double cx = a == null ? Double.NaN : a.cpuNanosPerDelivery();
            double cy = b == null ? Double.NaN : b.cpuNanosPerDelivery();
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %.2f× | %.0f ns | %.0f ns | %.2f× |%n",
                    any.scenario().label(),
                    rate(x),
                    rate(y),
                    x / y,
                    cx,
                    cy,
                    cx / cy);
        }
        out.println();
        out.println(
                "| request/reply | Switchboard p50 / p90 / p99 / p99.9 (µs) | NATS p50 / p90 / p99 /"
                        + " p99.9 (µs) | p50 ratio | p99 ratio |");
        out.println("|---|---|---|---|---|");
        for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
            Result a = i < ours.size() ? ours.get(i) : null;
            Result b = i < theirs.size() ? theirs.get(i) : null;
            Result any = a != null ? a : b;
            if (any.latencyMicros() == null) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "| %d B | %s | %s | %.2f× | %.2f× |%n",
                    any.scenario().size(),
                    percentiles(a),
                    percentiles(b),
                    ratio(a, b, 50),
                    ratio(a, b, 99));
        }
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
