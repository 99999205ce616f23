package dev.switchboard.cli.messaging;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations as a shell user writes them: {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h},
 * {@code 7d}, a bare number of seconds, or ISO-8601 ({@code PT2S}). Zero and negative are refused.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = parse(value.strip().toLowerCase(Locale.ROOT));
        if (d.isZero() || d.isNegative()) {
            throw new TypeConversionException("'" + value + "' is not a positive duration");
        }
        return d;
    }

    private static Duration parse(String v) {
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(
                        Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1_000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1_000));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new TypeConversionException(
                    "'" + v + "' is not a duration (use e.g. 500ms, 2s, 1m, 1h, 7d)");
        }
    }

    /**
     * @param d a duration
     * @return it as a user would write it: {@code 500ms}, {@code 2s}, {@code 1.500s}
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + "ms";
        }
        return ms % 1_000 == 0 ? ms / 1_000 + "s" : String.format(Locale.ROOT, "%.3fs", ms / 1e3);
    }
}
