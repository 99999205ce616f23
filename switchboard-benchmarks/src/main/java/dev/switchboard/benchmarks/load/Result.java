package dev.switchboard.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * One scenario's outcome against one target.
 *
 * @param target the server's name
 * @param scenario what ran
 * @param messages messages published (or requests sent)
 * @param deliveries messages delivered to subscribers (or replies received)
 * @param seconds wall time of the measured phase
 * @param serverCpuNanos the server process's CPU time during it, or -1 if unknown
 * @param latencyMicros request/reply round trips in µs, or {@code null}
 */
record Result(
        String target,
        Scenario scenario,
        long messages,
        long deliveries,
        double seconds,
        long serverCpuNanos,
        Histogram latencyMicros) {

    double messagesPerSecond() {
        return messages / seconds;
    }

    double deliveriesPerSecond() {
        return deliveries / seconds;
    }

    /** Server CPU per delivered message in ns, or NaN if unknown. */
    double cpuNanosPerDelivery() {
        return serverCpuNanos < 0 || deliveries == 0
                ? Double.NaN
                : (double) serverCpuNanos / deliveries;
    }
}
