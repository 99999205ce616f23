package dev.switchboard.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingSetupTest {
    private final PrintStream stderr = System.err;
    private final LoggingSetup setup = new LoggingSetup();

    @AfterEach
    void restore() {
        System.setErr(stderr);
        setup.configureFormat("text");
        setup.applyLevels("info", Map.of());
    }

    private String capture(String format, Runnable logging) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        setup.configureFormat(format);
        logging.run();
        System.setErr(stderr);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void json_writesOneObjectPerLine() {
        Logger log = LoggerFactory.getLogger("test.json");
        String out = capture("json", () -> log.info("hello {}", "world"));
        assertThat(out.lines())
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith("{")
                                        .endsWith("}")
                                        .contains("\"level\":\"INFO\"")
                                        .contains("\"formattedMessage\":\"hello world\"")
                                        .contains("\"loggerName\":\"test.json\""));
    }

    @Test
    void text_isTheHumanPattern() {
        Logger log = LoggerFactory.getLogger("test.text");
        String out = capture("text", () -> log.warn("careful"));
        assertThat(out).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  text - careful");
    }

    @Test
    void levels_applyAndRevert() {
        Logger log = LoggerFactory.getLogger("test.levels");
        setup.applyLevels("info", Map.of("test.levels", "debug"));
        assertThat(log.isDebugEnabled()).isTrue();
        setup.applyLevels("warn", Map.of());
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.isInfoEnabled()).isFalse();
    }
}
