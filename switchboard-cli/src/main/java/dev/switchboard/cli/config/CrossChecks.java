package dev.switchboard.cli.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules that involve more than one setting, taken from the builders that own them ({@code
 * BrokerConfig}, {@code DatabaseConfig}), plus the settings this version refuses.
 */
final class CrossChecks {
    private CrossChecks() {}

    /**
     * @param c a configuration whose values each passed their own checks
     * @param label the file name (or "configuration") that starts each error line
     * @return one line per problem
     */
    static List<String> check(EffectiveConfig c, String label) {
        List<String> errors = new ArrayList<>();
        if (c.bool("messaging.enable_persistence")) {
            errors.add(
                    c.get("messaging.enable_persistence").source()
                            + ": enable_persistence=true needs durable streams, not in this version");
        }
        try {
            BrokerSettings.toBrokerConfig(c);
        } catch (IllegalArgumentException e) {
            errors.add(label + ": " + e.getMessage());
        }
        try {
            DatabaseSettings.toDatabaseConfig(c);
        } catch (IllegalArgumentException e) {
            errors.add(label + ": [database] " + e.getMessage());
        }
        return errors;
    }
}
