package dev.switchboard.cli.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules that involve more than one setting, taken from the builders that own them ({@code
 * BrokerConfig}, {@code DatabaseConfig}), plus the combinations this version refuses.
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
        if (c.bool("messaging.enable_persistence") && c.path("storage.dir") == null) {
            errors.add(
                    c.get("storage.dir").source()
                            + ": enable_persistence=true needs storage.dir (where streams are kept)");
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
