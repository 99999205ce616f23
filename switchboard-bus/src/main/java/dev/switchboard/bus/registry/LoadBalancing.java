package dev.switchboard.bus.registry;

/** How {@link ServiceRegistry#select} picks one of the instances in rotation. */
public enum LoadBalancing {
    /** Each instance in turn, in instance-id order. */
    ROUND_ROBIN,
    /**
     * The instance with the fewest calls in flight through {@link ServiceRegistry#call}; ties go
     * round robin.
     */
    LEAST_CONNECTIONS,
    /**
     * Smooth weighted round robin with weights inversely proportional to each instance's
     * exponentially weighted moving average of successful-call latency. Instances not yet measured
     * get the weight of the fastest measured one, so they are tried soon.
     */
    WEIGHTED_RESPONSE_TIME,
    /**
     * The same key goes to the same instance while the set in rotation is unchanged; when an
     * instance leaves, only its keys move (rendezvous hashing).
     */
    CONSISTENT_HASH
}
