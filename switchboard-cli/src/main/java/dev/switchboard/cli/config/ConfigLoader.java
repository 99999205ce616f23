package dev.switchboard.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads the configuration from its layers, each overriding the one before: the table's defaults,
 * the INI file, environment variables {@code SWITCHBOARD_<SECTION>_<KEY>}, then command-line
 * overrides ({@code --set section.key=value}, and the server's legacy flags such as {@code
 * --port}). Reports every error, not only the first, one line each. Stateless and thread-safe; the
 * environment is passed in, so tests need not touch the process's.
 */
public final class ConfigLoader {
    private static final String ENV_PREFIX = "SWITCHBOARD_";

    /**
     * A command-line override.
     *
     * @param assignment {@code section.key=value}
     * @param origin what gave it, for the source column: {@code --set}, {@code --port}, ...
     */
    public record Override(String assignment, String origin) {
        /**
         * @param assignment {@code section.key=value}
         * @return an override from {@code --set}
         */
        public static Override set(String assignment) {
            return new Override(assignment, "--set");
        }
    }

    /**
     * The outcome of a load.
     *
     * @param config the configuration; meaningful only when {@link #ok()}
     * @param errors one line per problem, in the order found
     */
    public record Result(EffectiveConfig config, List<String> errors) {
        /**
         * @return whether there were no errors
         */
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final Map<String, ConfigValue> values = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final Set<String> unknownSections = new HashSet<>();

    private ConfigLoader() {
        EffectiveConfig.defaults().values().forEach(values::put);
    }

    /**
     * @param file the INI file, or {@code null} for none
     * @param env the environment (only {@code SWITCHBOARD_<SECTION>_...} variables are read)
     * @param overrides command-line overrides, later ones winning
     * @return the configuration, or the errors
     */
    public static Result load(Path file, Map<String, String> env, List<Override> overrides) {
        ConfigLoader loader = new ConfigLoader();
        String label = "configuration";
        if (file != null) {
            label = file.toString();
            loader.readFile(file);
        }
        loader.readEnv(env);
        for (Override o : overrides) {
            loader.readOverride(o);
        }
        EffectiveConfig config = new EffectiveConfig(loader.values);
        if (loader.errors.isEmpty()) {
            loader.errors.addAll(CrossChecks.check(config, label));
        }
        return new Result(config, List.copyOf(loader.errors));
    }

    private void readFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add(file + ": cannot read: " + e);
            return;
        }
        IniParser.Result ini = IniParser.parse(text, file.toString());
        errors.addAll(ini.errors());
        for (IniParser.Entry e : ini.entries()) {
            String where = file + ":" + e.line();
            put(e.section(), e.key(), e.value(), where, "file " + where);
        }
    }

    private void readEnv(Map<String, String> env) {
        for (var e : new TreeMap<>(env).entrySet()) {
            String var = e.getKey();
            if (!var.startsWith(ENV_PREFIX)) {
                continue;
            }
            for (String section : Settings.SECTIONS) {
                String prefix = ENV_PREFIX + section.toUpperCase(Locale.ROOT) + "_";
                if (var.startsWith(prefix) && var.length() > prefix.length()) {
                    String key = var.substring(prefix.length()).toLowerCase(Locale.ROOT);
                    put(section, key, e.getValue().strip(), "env " + var, "env " + var);
                }
            }
        }
    }

    private void readOverride(Override o) {
        String a = o.assignment();
        int eq = a.indexOf('=');
        int dot = eq < 0 ? -1 : a.substring(0, eq).indexOf('.');
        if (eq < 0 || dot <= 0) {
            errors.add(o.origin() + " '" + a + "': expected section.key=value");
            return;
        }
        String section = a.substring(0, dot).strip().toLowerCase(Locale.ROOT);
        String key = a.substring(dot + 1, eq).strip().toLowerCase(Locale.ROOT);
        put(section, key, a.substring(eq + 1).strip(), o.origin(), o.origin());
    }

    private void put(String section, String key, String text, String where, String source) {
        if (!Settings.SECTIONS.contains(section)) {
            if (unknownSections.add(where.replaceAll(":\\d+$", "") + section)) {
                errors.add(
                        where
                                + ": unknown section ["
                                + section
                                + "]"
                                + DidYouMean.closest(section, Settings.SECTIONS)
                                        .map(n -> "; did you mean [" + n + "]?")
                                        .orElse(
                                                "; sections are "
                                                        + String.join(", ", Settings.SECTIONS)));
            }
            return;
        }
        Optional<Setting> found = Settings.find(section, key);
        if (found.isEmpty()) {
            errors.add(
                    where
                            + ": unknown key '"
                            + key
                            + "' in ["
                            + section
                            + "]"
                            + suggest(section, key));
            return;
        }
        Setting s = found.get();
        if (s.aliasOf() != null) {
            source = source + " (as " + s.name() + ")";
            s = Settings.get(s.aliasOf());
        }
        Object value;
        if (text.isEmpty() && s.type().emptyMeansUnset()) {
            value = null;
        } else {
            try {
                value = s.type().parse(text);
            } catch (IllegalArgumentException e) {
                String shown = s.secret() ? "****" : text;
                errors.add(
                        where
                                + ": "
                                + section
                                + "."
                                + key
                                + " = \""
                                + shown
                                + "\": "
                                + e.getMessage());
                return;
            }
        }
        values.put(s.name(), new ConfigValue(s, value, source));
    }

    private static String suggest(String section, String key) {
        List<String> inSection = new ArrayList<>();
        List<String> everywhere = new ArrayList<>();
        for (Setting s : Settings.all()) {
            (s.section().equals(section) ? inSection : everywhere)
                    .add(s.section().equals(section) ? s.key() : s.name());
        }
        Optional<String> near = DidYouMean.closest(key, inSection);
        if (near.isPresent()) {
            return hint(near, "'", "'");
        }
        for (Setting s : Settings.all()) {
            if (s.key().equals(key)) {
                return "; did you mean [" + s.section() + "] " + key + "?";
            }
        }
        return hint(DidYouMean.closest(section + "." + key, everywhere), "'", "'");
    }

    private static String hint(Optional<String> near, String open, String close) {
        return near.map(n -> "; did you mean " + open + n + close + "?").orElse("");
    }
}
