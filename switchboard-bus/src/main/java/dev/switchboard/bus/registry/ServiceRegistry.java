package dev.switchboard.bus.registry;

import dev.switchboard.core.Clock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An in-process service registry: instances register under a service name, callers discover them by
 * name, version and metadata, and pick one by a {@link LoadBalancing} strategy or call through
 * {@link #call}, which tracks calls in flight and latency and guards each instance with a circuit
 * breaker (Resilience4j).
 *
 * <p>Design note. An instance is <em>in rotation</em> when it is registered, healthy, and its
 * breaker is closed, half-open, or open for longer than {@link
 * RegistryConfig#breakerOpenDuration()} (the breaker itself moves to half-open on the next call's
 * permission request). Health checks run every {@link RegistryConfig#healthCheckInterval()} by the
 * injected {@link Clock}: {@link #tick()} runs the due ones, and a daemon thread calls it every
 * {@link RegistryConfig#tickInterval()} unless that is zero, in which case the owner calls {@link
 * #tick()} or {@link #checkHealth()}. The breakers read the same clock, so tests drive every
 * transition with a {@code ManualClock}. The per-name instance lists are copy-on-write (sorted by
 * id) so selection never locks, apart from the short lock of {@link
 * LoadBalancing#WEIGHTED_RESPONSE_TIME}.
 *
 * <p>Thread-safety: every method may be called from any thread. Health checks run one at a time.
 * Listeners are called as {@link RegistryListener} says.
 */
public final class ServiceRegistry implements AutoCloseable {
    private static final AtomicInteger REGISTRY_IDS = new AtomicInteger();

    private final RegistryConfig config;
    private final Clock clock;
    private final CircuitBreakerConfig breakerConfig;
    private final ReentrantLock registrationLock = new ReentrantLock();
    private final ReentrantLock healthLock = new ReentrantLock();
    private final Map<String, InstanceEntry> byId = new ConcurrentHashMap<>();
    private volatile Map<String, List<InstanceEntry>> byName = Map.of();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final Balancer balancer = new Balancer();
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong listenerErrors = new AtomicLong();
    private final AtomicLong healthCheckErrors = new AtomicLong();

    /**
     * @param config the settings; with a non-zero {@link RegistryConfig#tickInterval()} a daemon
     *     thread starts now and runs health checks until {@link #close()}
     */
    public ServiceRegistry(RegistryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = config.clock();
        this.breakerConfig =
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(config.breakerWindowSize())
                        .minimumNumberOfCalls(config.breakerMinimumCalls())
                        .failureRateThreshold(config.breakerFailureRatePercent())
                        .waitDurationInOpenState(config.breakerOpenDuration())
                        .permittedNumberOfCallsInHalfOpenState(config.breakerHalfOpenCalls())
                        .clock(new ClockAdapter(clock))
                        .currentTimestampFunction(c -> clock.nanoTime(), TimeUnit.NANOSECONDS)
                        .build();
        if (config.tickInterval().isZero()) {
            this.ticker = null;
        } else {
            String threadName = "switchboard-registry-" + REGISTRY_IDS.incrementAndGet();
            this.ticker =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> Thread.ofPlatform().name(threadName).daemon(true).unstarted(r));
            long nanos = config.tickInterval().toNanos();
            ticker.scheduleAtFixedRate(this::tickQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * @return a registry with {@link RegistryConfig#defaults()}
     */
    public static ServiceRegistry create() {
        return new ServiceRegistry(RegistryConfig.defaults());
    }

    /**
     * Registers an instance with no health check: it stays healthy while registered.
     *
     * @param instance the instance; its id must not be registered already
     * @return the handle to deregister it
     * @throws IllegalArgumentException if the id is taken
     * @throws IllegalStateException if the registry is closed
     */
    public Registration register(ServiceInstance instance) {
        return register(instance, null);
    }

    /**
     * Registers an instance. It starts healthy; its check first runs one {@link
     * RegistryConfig#healthCheckInterval()} later (or at the next {@link #checkHealth()}). Fires
     * {@link RegistryEvent.Type#REGISTERED}.
     *
     * @param instance the instance; its id must not be registered already
     * @param healthCheck called on the health-check thread; {@code null}, a {@code null} result or
     *     an exception count as {@link HealthStatus#UNHEALTHY}. {@code null} for no checks
     * @return the handle to deregister it
     * @throws IllegalArgumentException if the id is taken
     * @throws IllegalStateException if the registry is closed
     */
    public Registration register(ServiceInstance instance, Supplier<HealthStatus> healthCheck) {
        Objects.requireNonNull(instance, "instance");
        InstanceEntry entry = new InstanceEntry(instance, healthCheck);
        entry.breaker = CircuitBreaker.of(instance.id(), breakerConfig);
        entry.breaker
                .getEventPublisher()
                .onStateTransition(
                        e -> onBreakerTransition(entry, e.getStateTransition().getToState()));
        entry.nextCheckNanos = clock.nanoTime() + config.healthCheckInterval().toNanos();
        registrationLock.lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException("service registry is closed");
            }
            if (byId.putIfAbsent(instance.id(), entry) != null) {
                throw new IllegalArgumentException(
                        "service instance id '" + instance.id() + "' is already registered");
            }
            Map<String, List<InstanceEntry>> next = new HashMap<>(byName);
            List<InstanceEntry> list =
                    new ArrayList<>(next.getOrDefault(instance.name(), List.of()));
            list.add(entry);
            list.sort(Comparator.comparing(InstanceEntry::id));
            next.put(instance.name(), List.copyOf(list));
            byName = Map.copyOf(next);
        } finally {
            registrationLock.unlock();
        }
        fire(RegistryEvent.Type.REGISTERED, entry);
        return new Handle(entry);
    }

    private void deregister(InstanceEntry entry) {
        registrationLock.lock();
        try {
            if (!entry.registered) {
                return;
            }
            entry.registered = false;
            byId.remove(entry.id());
            Map<String, List<InstanceEntry>> next = new HashMap<>(byName);
            List<InstanceEntry> list =
                    new ArrayList<>(next.getOrDefault(entry.instance.name(), List.of()));
            list.remove(entry);
            if (list.isEmpty()) {
                next.remove(entry.instance.name());
                balancer.forget(entry.instance.name());
            } else {
                next.put(entry.instance.name(), List.copyOf(list));
            }
            byName = Map.copyOf(next);
        } finally {
            registrationLock.unlock();
        }
        fire(RegistryEvent.Type.DEREGISTERED, entry);
    }

    /**
     * @param query name, version and metadata to match; the strategy is ignored
     * @return every registered matching instance, in rotation or not, sorted by id
     */
    public List<ServiceInstance> instances(ServiceQuery query) {
        return matching(query).stream().map(e -> e.instance).toList();
    }

    /**
     * @param query name, version and metadata to match; the strategy is ignored
     * @return the matching instances in rotation now, sorted by id
     */
    public List<ServiceInstance> available(ServiceQuery query) {
        return inRotation(query).stream().map(e -> e.instance).toList();
    }

    /**
     * Picks an instance without calling it; for {@link LoadBalancing#CONSISTENT_HASH} use {@link
     * #select(ServiceQuery, String)}.
     *
     * @param query what to match and which strategy to use
     * @return the picked instance, or empty when none is in rotation
     * @throws IllegalArgumentException if the strategy is {@link LoadBalancing#CONSISTENT_HASH}
     */
    public Optional<ServiceInstance> select(ServiceQuery query) {
        return select(query, null);
    }

    /**
     * Picks an instance without calling it.
     *
     * @param query what to match and which strategy to use
     * @param key the key {@link LoadBalancing#CONSISTENT_HASH} hashes; ignored by the others
     * @return the picked instance, or empty when none is in rotation
     * @throws IllegalArgumentException if the strategy is {@link LoadBalancing#CONSISTENT_HASH} and
     *     the key is {@code null}
     */
    public Optional<ServiceInstance> select(ServiceQuery query, String key) {
        checkKey(query, key);
        List<InstanceEntry> candidates = inRotation(query);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(balancer.pick(query.name(), candidates, query.strategy(), key).instance);
    }

    /**
     * Calls an instance picked by the query's strategy; see {@link #call(ServiceQuery, String,
     * ServiceCall)}.
     *
     * @param query what to match and which strategy to use
     * @param work the call
     * @param <T> the result type
     * @return what the call returned
     */
    public <T> T call(ServiceQuery query, ServiceCall<T> work) {
        return call(query, null, work);
    }

    /**
     * Calls an instance picked by the query's strategy, on the calling thread. The call counts as
     * in flight for {@link LoadBalancing#LEAST_CONNECTIONS}; its duration, by the registry's clock,
     * feeds the instance's latency average (successes only) and its circuit breaker. When the
     * picked instance's breaker refuses (open, or half-open with its trial calls taken), the next
     * pick among the rest is tried.
     *
     * @param query what to match and which strategy to use
     * @param key the key {@link LoadBalancing#CONSISTENT_HASH} hashes; ignored by the others
     * @param work the call
     * @param <T> the result type
     * @return what the call returned
     * @throws NoAvailableInstanceException if no instance is in rotation or every breaker refused
     * @throws ServiceCallException if the call threw an exception (the cause)
     */
    public <T> T call(ServiceQuery query, String key, ServiceCall<T> work) {
        checkKey(query, key);
        Objects.requireNonNull(work, "work");
        List<InstanceEntry> candidates = new ArrayList<>(inRotation(query));
        while (!candidates.isEmpty()) {
            InstanceEntry e = balancer.pick(query.name(), candidates, query.strategy(), key);
            if (e.breaker.tryAcquirePermission()) {
                return invoke(e, work);
            }
            candidates.remove(e);
        }
        throw new NoAvailableInstanceException(query, matching(query).size());
    }

    private <T> T invoke(InstanceEntry e, ServiceCall<T> work) {
        e.inFlight.incrementAndGet();
        long start = clock.nanoTime();
        try {
            T result = work.call(e.instance);
            long took = clock.nanoTime() - start;
            e.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            e.recordLatency(took, config.latencySmoothing());
            return result;
        } catch (Exception failure) {
            e.breaker.onError(clock.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
            throw new ServiceCallException(e.instance, failure);
        } catch (Error error) {
            e.breaker.onError(clock.nanoTime() - start, TimeUnit.NANOSECONDS, error);
            throw error;
        } finally {
            e.inFlight.decrementAndGet();
        }
    }

    /**
     * @param instanceId an instance id
     * @return a snapshot of its state, or empty when it is not registered
     */
    public Optional<InstanceStatus> status(String instanceId) {
        InstanceEntry e = byId.get(instanceId);
        if (e == null) {
            return Optional.empty();
        }
        double avg = e.averageLatencyNanos();
        return Optional.of(
                new InstanceStatus(
                        e.instance,
                        e.healthy,
                        e.breakerState(),
                        admits(e),
                        e.inFlight.get(),
                        avg < 0 ? Duration.ZERO : Duration.ofNanos(Math.round(avg)),
                        e.consecutiveFailures));
    }

    /**
     * Runs the health checks that are due by the clock. Called by the registry's thread every
     * {@link RegistryConfig#tickInterval()}; call it yourself when that is zero.
     *
     * @return how many checks ran
     */
    public int tick() {
        return runChecks(false);
    }

    /**
     * Runs every instance's health check now, due or not.
     *
     * @return how many checks ran
     */
    public int checkHealth() {
        return runChecks(true);
    }

    private int runChecks(boolean all) {
        healthLock.lock();
        try {
            int ran = 0;
            for (InstanceEntry e : List.copyOf(byId.values())) {
                if (e.healthCheck == null || !e.registered) {
                    continue;
                }
                long now = clock.nanoTime();
                if (!all && now - e.nextCheckNanos < 0) {
                    continue;
                }
                e.nextCheckNanos = now + config.healthCheckInterval().toNanos();
                runCheck(e);
                ran++;
            }
            return ran;
        } finally {
            healthLock.unlock();
        }
    }

    private void runCheck(InstanceEntry e) {
        HealthStatus status;
        try {
            status = e.healthCheck.get();
        } catch (RuntimeException failure) {
            healthCheckErrors.incrementAndGet();
            status = HealthStatus.UNHEALTHY;
        }
        if (status == HealthStatus.HEALTHY) {
            e.consecutiveFailures = 0;
            e.consecutiveSuccesses++;
            if (!e.healthy && e.consecutiveSuccesses >= config.healthyThreshold()) {
                e.healthy = true;
                fireIfRegistered(RegistryEvent.Type.HEALTHY, e);
            }
        } else {
            e.consecutiveSuccesses = 0;
            e.consecutiveFailures++;
            if (e.healthy && e.consecutiveFailures >= config.unhealthyThreshold()) {
                e.healthy = false;
                fireIfRegistered(RegistryEvent.Type.UNHEALTHY, e);
            }
        }
    }

    /**
     * @param listener called on every change, as {@link RegistryListener} says
     */
    public void addListener(RegistryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @param listener a listener added before
     * @return whether it was removed
     */
    public boolean removeListener(RegistryListener listener) {
        return listeners.remove(listener);
    }

    /**
     * @return how many times a listener threw
     */
    public long listenerErrors() {
        return listenerErrors.get();
    }

    /**
     * @return how many times a health check threw (each counted as a failed check)
     */
    public long healthCheckErrors() {
        return healthCheckErrors.get();
    }

    /**
     * @return the clock the registry reads
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Stops the health thread and deregisters every instance, firing {@link
     * RegistryEvent.Type#DEREGISTERED} for each. Idempotent.
     */
    @Override
    public void close() {
        registrationLock.lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        } finally {
            registrationLock.unlock();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        for (InstanceEntry e : List.copyOf(byId.values())) {
            deregister(e);
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            healthCheckErrors.incrementAndGet();
        }
    }

    private void onBreakerTransition(InstanceEntry e, CircuitBreaker.State to) {
        switch (to) {
            case OPEN, FORCED_OPEN -> {
                e.openUntil = clock.instant().plus(config.breakerOpenDuration());
                fireIfRegistered(RegistryEvent.Type.BREAKER_OPENED, e);
            }
            case HALF_OPEN -> fireIfRegistered(RegistryEvent.Type.BREAKER_HALF_OPENED, e);
            case CLOSED -> fireIfRegistered(RegistryEvent.Type.BREAKER_CLOSED, e);
            case DISABLED, METRICS_ONLY -> {
                // The registry never puts a breaker in these states.
            }
        }
    }

    private List<InstanceEntry> matching(ServiceQuery query) {
        List<InstanceEntry> all = byName.getOrDefault(query.name(), List.of());
        if (query.version() == null && query.metadata().isEmpty()) {
            return all;
        }
        return all.stream().filter(e -> query.matches(e.instance)).toList();
    }

    private List<InstanceEntry> inRotation(ServiceQuery query) {
        return matching(query).stream().filter(this::admits).toList();
    }

    private boolean admits(InstanceEntry e) {
        return e.registered && e.healthy && e.breakerAdmits(clock.instant());
    }

    private static void checkKey(ServiceQuery query, String key) {
        if (query.strategy() == LoadBalancing.CONSISTENT_HASH && key == null) {
            throw new IllegalArgumentException(
                    "CONSISTENT_HASH selection of '" + query.name() + "' needs a key");
        }
    }

    private void fireIfRegistered(RegistryEvent.Type type, InstanceEntry e) {
        if (e.registered) {
            fire(type, e);
        }
    }

    private void fire(RegistryEvent.Type type, InstanceEntry e) {
        RegistryEvent event = new RegistryEvent(type, e.instance, clock.instant());
        for (RegistryListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException failure) {
                listenerErrors.incrementAndGet();
            }
        }
    }

    /** The handle of one registration. */
    private final class Handle implements Registration {
        private final InstanceEntry entry;

        Handle(InstanceEntry entry) {
            this.entry = entry;
        }

        @Override
        public ServiceInstance instance() {
            return entry.instance;
        }

        @Override
        public void deregister() {
            ServiceRegistry.this.deregister(entry);
        }

        @Override
        public boolean isRegistered() {
            return entry.registered;
        }
    }
}
