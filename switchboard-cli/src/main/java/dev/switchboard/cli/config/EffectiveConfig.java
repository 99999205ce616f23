package dev.switchboard.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration in effect: a value for every setting of the table, plus the free-form feature
 * flags and logger levels that were set, each with its source. Immutable and thread-safe.
 */
public final class EffectiveConfig {
    private final Map<String, ConfigValue> values;

    EffectiveConfig(Map<String, ConfigValue> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * @return the defaults, every value from the table
     */
    public static EffectiveConfig defaults() {
        Map<String, ConfigValue> map = new LinkedHashMap<>();
        for (Setting s : Settings.canonical()) {
            map.put(s.name(), new ConfigValue(s, s.defaultValue(), "default"));
        }
        return new EffectiveConfig(map);
    }

    /**
     * @return every value by {@code section.key}, fixed settings in table order, then free-form
     *     ones
     */
    public Map<String, ConfigValue> values() {
        return values;
    }

    /**
     * @param name {@code section.key}
     * @return the value and its source
     * @throws IllegalArgumentException if there is no such value
     */
    public ConfigValue get(String name) {
        ConfigValue v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no setting " + name);
        }
        return v;
    }

    /**
     * @param name {@code section.key} of an int setting
     * @return its value
     */
    public int integer(String name) {
        return (Integer) get(name).value();
    }

    /**
     * @param name {@code section.key} of a size setting
     * @return its value in bytes
     */
    public long size(String name) {
        return (Long) get(name).value();
    }

    /**
     * @param name {@code section.key} of a bool setting
     * @return its value
     */
    public boolean bool(String name) {
        return (Boolean) get(name).value();
    }

    /**
     * @param name {@code section.key} of a duration setting
     * @return its value
     */
    public Duration duration(String name) {
        return (Duration) get(name).value();
    }

    /**
     * @param name {@code section.key} of a string or enum setting
     * @return its value, or {@code null} when not set
     */
    public String string(String name) {
        return (String) get(name).value();
    }

    /**
     * @param name {@code section.key} of a path setting
     * @return its value, or {@code null} when not set
     */
    public Path path(String name) {
        return (Path) get(name).value();
    }

    /**
     * @return the {@code [features]} flags, by name
     */
    public Map<String, Boolean> features() {
        Map<String, Boolean> m = new TreeMap<>();
        values.forEach(
                (k, v) -> {
                    if (k.startsWith("features.")) {
                        m.put(k.substring(9), (Boolean) v.value());
                    }
                });
        return m;
    }

    /**
     * @return the {@code [logging] logger.<name>} levels, by logger name
     */
    public Map<String, String> loggerLevels() {
        Map<String, String> m = new TreeMap<>();
        values.forEach(
                (k, v) -> {
                    if (k.startsWith("logging.logger.")) {
                        m.put(k.substring(15), (String) v.value());
                    }
                });
        return m;
    }

    /**
     * @return the configuration as INI, each value preceded by a comment naming its source; secrets
     *     are shown as {@code ****}
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "# Effective configuration; the comment above each value says where it came from.\n");
        for (String section : Settings.SECTIONS) {
            sb.append('\n').append('[').append(section).append("]\n");
            values.forEach(
                    (k, v) -> {
                        if (v.setting().section().equals(section)) {
                            String text =
                                    v.setting().secret() && v.value() != null ? "****" : v.text();
                            sb.append("# ").append(v.source()).append('\n');
                            sb.append(v.setting().key())
                                    .append(text.isEmpty() ? " =" : " = " + text)
                                    .append('\n');
                        }
                    });
        }
        return sb.toString();
    }

    /**
     * Equal when the same settings hold the same values, wherever the values came from.
     *
     * @param o another object
     * @return whether the values are the same
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EffectiveConfig other)) {
            return false;
        }
        if (!values.keySet().equals(other.values.keySet())) {
            return false;
        }
        for (var e : values.entrySet()) {
            if (!java.util.Objects.equals(
                    e.getValue().value(), other.values.get(e.getKey()).value())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    @Override
    public String toString() {
        return render();
    }
}
