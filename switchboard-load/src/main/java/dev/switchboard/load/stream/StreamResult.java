package dev.switchboard.load.stream;

import org.HdrHistogram.Histogram;

/**
 * One stream scenario's outcome against one target.
 *
 * @param target the server's name
 * @param scenario what ran
 * @param durability what the server did before acknowledging ({@link StreamTarget#durability})
 * @param messages messages published (or replayed) in the measured phase
 * @param seconds wall time of the measured phase
 * @param serverCpuNanos the server process's CPU time during it, or -1 if unknown
 * @param latencyMicros for {@link StreamScenario.Kind#PUBLISH_SYNC}, publish-to-acknowledgement
 *     times in µs; {@code null} otherwise
 */
public record StreamResult(
        String target,
        StreamScenario scenario,
        String durability,
        long messages,
        double seconds,
        long serverCpuNanos,
        Histogram latencyMicros) {

    /**
     * @return messages per second
     */
    public double messagesPerSecond() {
        return messages / seconds;
    }

    /**
     * @return server CPU per message in ns, or NaN if unknown
     */
    public double cpuNanosPerMessage() {
        return serverCpuNanos < 0 || messages == 0
                ? Double.NaN
                : (double) serverCpuNanos / messages;
    }
}
