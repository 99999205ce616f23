package dev.switchboard.bus.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One instance of a named service. Immutable.
 *
 * @param id unique within a registry; not blank
 * @param name the service name that discovery looks up; not blank
 * @param version the service version, e.g. {@code "1.4.0"}; not blank
 * @param metadata free key/value pairs (zone, address, ...); copied
 */
public record ServiceInstance(
        String id, String name, String version, Map<String, String> metadata) {

    /** Validates and copies. */
    public ServiceInstance {
        requireText("id", id);
        requireText("name", name);
        requireText("version", version);
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    /**
     * An instance without metadata.
     *
     * @param id unique within a registry
     * @param name the service name
     * @param version the service version
     * @return the instance
     */
    public static ServiceInstance of(String id, String name, String version) {
        return new ServiceInstance(id, name, version, Map.of());
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "service instance " + field + " must not be blank: '" + value + "'");
        }
    }
}
