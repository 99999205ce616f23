package dev.switchboard.load;

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
 * @param latencyMicros latencies in µs: request/reply round trips, or publish-to-delivery times
 *     when the runner sampled them; {@code null} if not measured
 */
public record Result(
        String target,
        Scenario scenario,
        long messages,
        long deliveries,
        double seconds,
        long serverCpuNanos,
        Histogram latencyMicros) {

    /**
     * @return messages published (or requests sent) per second
     */
    public double messagesPerSecond() {
        return messages / seconds;
    }

    /**
     * @return deliveries per second
     */
    public double deliveriesPerSecond() {
        return deliveries / seconds;
    }

    /**
     * @return server CPU per delivered message in ns, or NaN if unknown
     */
    public double cpuNanosPerDelivery() {
        return serverCpuNanos < 0 || deliveries == 0
                ? Double.NaN
                : (double) serverCpuNanos / deliveries;
    }
}
