package dev.switchboard.bus.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which instances to consider and how to pick one. Immutable; start with {@link #of(String)} and
 * narrow with the {@code with*} methods.
 *
 * @param name the service name
 * @param version the exact version required, or {@code null} for any
 * @param metadata entries an instance's metadata must contain (equal values)
 * @param strategy how {@link ServiceRegistry#select} picks among matching instances
 */
public record ServiceQuery(
        String name, String version, Map<String, String> metadata, LoadBalancing strategy) {

    /** Validates and copies. */
    public ServiceQuery {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("service name must not be blank");
        }
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        Objects.requireNonNull(strategy, "strategy");
    }

    /**
     * @param name the service name
     * @return a query for any version and metadata, {@link LoadBalancing#ROUND_ROBIN}
     */
    public static ServiceQuery of(String name) {
        return new ServiceQuery(name, null, Map.of(), LoadBalancing.ROUND_ROBIN);
    }

    /**
     * @param requiredVersion the exact version
     * @return a copy that only matches that version
     */
    public ServiceQuery withVersion(String requiredVersion) {
        return new ServiceQuery(name, requiredVersion, metadata, strategy);
    }

    /**
     * @param key a metadata key
     * @param value the value it must have
     * @return a copy that also requires that entry
     */
    public ServiceQuery withMetadata(String key, String value) {
        Map<String, String> m = new HashMap<>(metadata);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ServiceQuery(name, version, m, strategy);
    }

    /**
     * @param loadBalancing the strategy
     * @return a copy that picks with it
     */
    public ServiceQuery withStrategy(LoadBalancing loadBalancing) {
        return new ServiceQuery(name, version, metadata, loadBalancing);
    }

    /**
     * @param instance an instance
     * @return whether it has this name, version (if required) and metadata entries
     */
    public boolean matches(ServiceInstance instance) {
        if (!instance.name().equals(name)) {
            return false;
        }
        if (version != null && !version.equals(instance.version())) {
            return false;
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!e.getValue().equals(instance.metadata().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
