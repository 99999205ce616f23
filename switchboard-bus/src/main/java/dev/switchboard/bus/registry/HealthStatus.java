package dev.switchboard.bus.registry;

/** What a health check reports about one service instance. */
public enum HealthStatus {
    /** The instance can take calls. */
    HEALTHY,
    /** The instance cannot take calls; a check that throws counts as this too. */
    UNHEALTHY
}
