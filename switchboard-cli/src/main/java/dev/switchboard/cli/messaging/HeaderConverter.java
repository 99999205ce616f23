package dev.switchboard.cli.messaging;

import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code -H name=value} into a header; the value may be empty and may contain '='. */
public final class HeaderConverter implements ITypeConverter<Map.Entry<String, String>> {
    @Override
    public Map.Entry<String, String> convert(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new TypeConversionException(
                    "header '" + value + "' is not name=value (e.g. -H trace-id=42)");
        }
        return Map.entry(value.substring(0, eq).strip(), value.substring(eq + 1));
    }
}
