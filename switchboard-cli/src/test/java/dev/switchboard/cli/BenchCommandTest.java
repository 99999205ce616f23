package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code switchboard bench} against a real broker, with a small run. */
class BenchCommandTest {
    private static final Pattern ROW =
            Pattern.compile("^\\| (?<label>[^|]+) \\| [\\d,]+ \\| (?<rate>[\\d,]+) \\|.*");

    @Test
    void everyScenario_finishes_andPrintsThroughputAndLatencyTables() {
        try (Broker broker = Broker.start(BrokerConfig.builder().port(0).httpPort(-1).build())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code =
                    Main.run(
                            new String[] {
                                "bench",
                                "-s",
                                "sb://127.0.0.1:" + broker.port(),
                                "--messages",
                                "2000",
                                "--requests",
                                "200",
                                "--size",
                                "64",
                                "--subscribers",
                                "2",
                                "--warmup",
                                "0"
                            },
                            new PrintWriter(out, true),
                            new PrintWriter(err, true));

            assertThat(code).as(err.toString()).isZero();
            assertThat(err.toString()).contains("warm-up: 1 round(s) of every scenario");
            String report = out.toString();
            List<String> labels =
                    List.of(
                            "pub/sub 1→1 64 B",
                            "fan-out 1→2 64 B",
                            "queue group of 2 64 B",
                            "request/reply 64 B");
            for (String label : labels) {
                Matcher m =
                        report.lines()
                                .map(ROW::matcher)
                                .filter(x -> x.matches() && x.group("label").equals(label))
                                .findFirst()
                                .orElseThrow(
                                        () -> new AssertionError(label + " missing:\n" + report));
                assertThat(Long.parseLong(m.group("rate").replace(",", ""))).as(label).isPositive();
                assertThat(err.toString()).contains(label);
            }
            assertThat(report)
                    .contains("| latency (µs) | what | p50 | p90 | p99 | p99.9 | max | samples |")
                    .contains("| request/reply 64 B | round trip |")
                    .contains("| pub/sub 1→1 64 B | publish→delivery, saturated |");
        }
    }
}
