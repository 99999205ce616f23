package dev.switchboard.cli.config;

import dev.switchboard.broker.Broker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a changed configuration file to the running server. The file is loaded with the same
 * environment and command-line overrides as at start-up, then:
 *
 * <ul>
 *   <li>invalid: each error is logged and the running configuration is kept, whole;
 *   <li>valid: reloadable changes are applied (broker limits and policies through {@link
 *       Broker#reload}, log levels, feature flags); other changes are logged as needing a restart
 *       and not applied, so they are reported again on every reload until the restart.
 * </ul>
 *
 * <p>Design note: the broker config handed to {@code Broker.reload} is the running one with only
 * the reloadable fields replaced, so the broker never sees a restart-only change and never refuses.
 * Thread-safe: {@link #reload()} is serialized (called by the watcher thread, and by tests).
 */
public final class ConfigReloader {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    /**
     * What a reload did.
     *
     * @param errors why the file was rejected (empty if it was accepted)
     * @param applied the settings changed live
     * @param needRestart the settings that changed in the file but need a restart
     */
    public record Outcome(List<String> errors, List<String> applied, List<String> needRestart) {}

    private final Path file;
    private final Map<String, String> env;
    private final List<ConfigLoader.Override> overrides;
    private final Broker broker;
    private final FeatureFlags features;
    private final LoggingSetup logging;
    private EffectiveConfig current;

    /**
     * @param file the configuration file
     * @param env the environment used at start-up
     * @param overrides the command-line overrides used at start-up
     * @param broker the running broker
     * @param features the flags to update
     * @param logging the logging to adjust
     * @param current the configuration the server started with
     */
    public ConfigReloader(
            Path file,
            Map<String, String> env,
            List<ConfigLoader.Override> overrides,
            Broker broker,
            FeatureFlags features,
            LoggingSetup logging,
            EffectiveConfig current) {
        this.file = file;
        this.env = Map.copyOf(env);
        this.overrides = List.copyOf(overrides);
        this.broker = broker;
        this.features = features;
        this.logging = logging;
        this.current = current;
    }

    /**
     * @return the configuration in effect (restart-only changes not included)
     */
    public synchronized EffectiveConfig current() {
        return current;
    }

    /**
     * Loads the file again and applies what changed.
     *
     * @return what happened
     */
    public synchronized Outcome reload() {
        ConfigLoader.Result r = ConfigLoader.load(file, env, overrides);
        if (!r.ok()) {
            r.errors().forEach(e -> log.error("configuration change rejected: {}", e));
            return new Outcome(r.errors(), List.of(), List.of());
        }
        EffectiveConfig next = r.config();
        Set<String> names = new LinkedHashSet<>(current.values().keySet());
        names.addAll(next.values().keySet());
        List<String> applied = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        Map<String, ConfigValue> merged = new LinkedHashMap<>(next.values());
        for (String name : names) {
            ConfigValue before = current.values().get(name);
            ConfigValue after = next.values().get(name);
            Object a = before == null ? null : before.value();
            Object b = after == null ? null : after.value();
            if (Objects.equals(a, b)) {
                continue;
            }
            Setting s = (after != null ? after : before).setting();
            if (s.reloadable()) {
                applied.add(name);
            } else {
                restart.add(name);
                if (before == null) {
                    merged.remove(name);
                } else {
                    merged.put(name, before);
                }
            }
        }
        EffectiveConfig keep = new EffectiveConfig(merged);
        try {
            broker.reload(
                    BrokerSettings.applyReloadable(keep, broker.config().toBuilder()).build());
        } catch (IllegalArgumentException e) {
            log.error("configuration change rejected: {}: {}", file, e.getMessage());
            return new Outcome(List.of(file + ": " + e.getMessage()), List.of(), List.of());
        }
        logging.applyLevels(keep.string("logging.level"), keep.loggerLevels());
        features.update(keep.features());
        if (!applied.isEmpty()) {
            log.info("configuration change applied: {}", applied);
        }
        if (!restart.isEmpty()) {
            log.warn("configuration change needs a restart: {} (running values kept)", restart);
        }
        current = keep;
        return new Outcome(List.of(), applied, restart);
    }
}
