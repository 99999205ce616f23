package dev.switchboard.cli.streams;

import dev.switchboard.cli.config.ValueType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses sizes as the config file does: {@code 65536}, {@code 64k}, {@code 1MiB}, {@code 2g}. */
final class SizeConverter implements ITypeConverter<Long> {
    private static final ValueType SIZE = ValueType.size(1, Long.MAX_VALUE >> 1);

    @Override
    public Long convert(String value) {
        try {
            return (Long) SIZE.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not " + SIZE.expected());
        }
    }
}
