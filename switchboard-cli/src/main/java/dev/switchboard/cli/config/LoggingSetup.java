package dev.switchboard.cli.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from {@code [logging]}: the format once at start-up (text lines or JSON lines
 * on standard error), the levels at start-up and on every reload. Does nothing if SLF4J is bound to
 * another backend. Called from one thread at a time (start-up, then the reloader).
 */
public final class LoggingSetup {
    /** The human-readable pattern, as in logback.xml. */
    public static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    private final Set<String> configured = new HashSet<>();

    /**
     * Replaces Logback's appenders with one console appender in the given format.
     *
     * @param format {@code text} or {@code json}
     */
    public void configureFormat(String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        Encoder<ILoggingEvent> encoder;
        if (format.equals("json")) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(ctx);
            // one readable message per line; the raw template, arguments and context are noise
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(ctx);
            text.setPattern(TEXT_PATTERN);
            encoder = text;
        }
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    /**
     * Sets the root level and the given loggers' levels; loggers set before but absent now go back
     * to inheriting their parent's level.
     *
     * @param rootLevel the root level name
     * @param loggers logger name → level name
     */
    public void applyLevels(String rootLevel, Map<String, String> loggers) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(rootLevel, Level.INFO));
        for (String name : configured) {
            if (!loggers.containsKey(name)) {
                ctx.getLogger(name).setLevel(name.equals("io.netty") ? Level.WARN : null);
            }
        }
        configured.clear();
        loggers.forEach(
                (name, level) -> {
                    ctx.getLogger(name).setLevel(Level.toLevel(level, null));
                    configured.add(name);
                });
    }
}
