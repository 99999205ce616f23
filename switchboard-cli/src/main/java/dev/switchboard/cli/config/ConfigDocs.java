package dev.switchboard.cli.config;

import java.util.List;

/**
 * Renders the settings table as docs/CONFIGURATION.md and as the sample docs/switchboard.ini. A
 * test compares both with the committed files, so the docs cannot drift from the code. Stateless.
 */
public final class ConfigDocs {
    private static final String REGENERATE =
            "mvn -B -o -pl switchboard-cli test -Dtest=ConfigDocsTest -Dswitchboard.docs.update=true";

    private ConfigDocs() {}

    /**
     * @return docs/CONFIGURATION.md
     */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration reference\n\n")
                .append(
                        "<!-- Generated from the settings table (dev.switchboard.cli.config.Settings)")
                .append(" by ConfigDocsTest; do not edit.\n     Regenerate: ")
                .append(REGENERATE)
                .append(" -->\n\n")
                .append("`switchboard server -c FILE` reads an INI file (sample: ")
                .append("[switchboard.ini](switchboard.ini)). Each value comes from, in increasing")
                .append(" precedence:\n\n")
                .append("1. the default below;\n")
                .append("2. the file (`[section]` then `key = value`; `#` or `;` start a comment")
                .append(" line; no inline comments);\n")
                .append("3. the environment: `SWITCHBOARD_<SECTION>_<KEY>`, e.g.")
                .append(" `SWITCHBOARD_NETWORK_LISTEN_PORT=7500` (not for `logger.<name>`);\n")
                .append("4. `--set section.key=value` on the command line (repeatable);\n")
                .append("5. the server's older flags (`--port`, `--host`, `--token`, ...), which")
                .append(" are shorthands for `--set`.\n\n")
                .append("`switchboard config [-c FILE] [--set ...]` prints the result with each")
                .append(" value's source; `switchboard config --check FILE` validates a file (exit")
                .append(" 0 if valid, 2 if not). Unknown sections and keys, wrong types and")
                .append(" out-of-range values are errors, reported together, one line each, with")
                .append(
                        " a suggestion for near misses; `server` then refuses to start (exit 2).\n\n")
                .append("Types: durations are `500ms`, `30s`, `2m`, `1h`, `1d`; sizes are bytes,")
                .append(" or with a binary unit: `64k` = `64KiB` = 65536, `1m` = `1MiB`, `1g`;")
                .append(" booleans are `true`/`false` (also `yes`/`no`, `on`/`off`); an empty")
                .append(" string or path means not set.\n\n")
                .append("**Hot reload.** While `server -c FILE` runs it watches the file. A valid")
                .append(" change to a *reloadable* setting applies at once; a change to any other")
                .append(" setting is logged as needing a restart and not applied. An invalid file")
                .append(" is rejected as a whole, with one log line per error, and the running")
                .append(" configuration is kept.\n");
        for (String section : Settings.SECTIONS) {
            sb.append("\n## [").append(section).append("]\n\n");
            String intro = intro(section);
            if (!intro.isEmpty()) {
                sb.append(intro).append("\n\n");
            }
            List<Setting> rows =
                    Settings.all().stream().filter(s -> s.section().equals(section)).toList();
            if (rows.isEmpty()) {
                continue;
            }
            sb.append("| Key | Type | Default | Reloadable | Description | Maps to |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (Setting s : rows) {
                String type = s.type().name() + (s.unit().isEmpty() ? "" : " (" + s.unit() + ")");
                String def =
                        s.defaultText().isEmpty() ? "*(not set)*" : "`" + s.defaultText() + "`";
                if (s.aliasOf() != null) {
                    def = "";
                    type = "";
                }
                sb.append("| `")
                        .append(s.key())
                        .append("` | ")
                        .append(type)
                        .append(" | ")
                        .append(def)
                        .append(" | ")
                        .append(s.aliasOf() != null ? "" : s.reloadable() ? "yes" : "no")
                        .append(" | ")
                        .append(s.doc())
                        .append(" Accepts ")
                        .append(s.type().expected())
                        .append(". Env `")
                        .append(s.envVar())
                        .append("`. | ")
                        .append(s.mapsTo())
                        .append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String intro(String section) {
        return switch (section) {
            case "messaging" ->
                    "`queue_size` is the seed's name for the per-connection outbound queue; it is"
                            + " measured in bytes, like `max_pending`, of which it is an alias.";
            case "logging" ->
                    "Also `logger.<name> = <level>` sets one logger's level (reloadable), e.g."
                            + " `logger.dev.switchboard.broker = debug`. The format is chosen at"
                            + " start-up.";
            case "database" ->
                    "The broker does not use a database yet. When `url` is set the section is"
                            + " validated as a `DatabaseConfig` (URL, pool, timeouts, retries), so a"
                            + " file written now keeps working.";
            case "features" ->
                    "Free-form boolean flags, `name = true|false`, all reloadable; code reads them"
                            + " with `FeatureFlags.isEnabled(name)`. Env"
                            + " `SWITCHBOARD_FEATURES_<NAME>`. None is defined yet.";
            default -> "";
        };
    }

    /**
     * @return the sample docs/switchboard.ini: every setting at its default, with its doc line
     */
    public static String sampleIni() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Switchboard configuration, every setting at its default.\n")
                .append(
                        "# Reference: docs/CONFIGURATION.md. Run: switchboard server -c switchboard.ini\n")
                .append("# Generated by ConfigDocsTest; regenerate with:\n#   ")
                .append(REGENERATE)
                .append('\n');
        for (String section : Settings.SECTIONS) {
            sb.append("\n[").append(section).append("]\n");
            for (Setting s : Settings.all()) {
                if (!s.section().equals(section)) {
                    continue;
                }
                sb.append("# ").append(s.doc());
                sb.append(s.reloadable() && s.aliasOf() == null ? " (reloadable)" : "")
                        .append('\n');
                if (s.aliasOf() != null) {
                    sb.append("# ").append(s.key()).append(" =\n");
                } else {
                    sb.append(s.key())
                            .append(s.defaultText().isEmpty() ? " =" : " = " + s.defaultText())
                            .append('\n');
                }
            }
            if (section.equals("logging")) {
                sb.append("# One logger's level (reloadable), e.g.:\n# logger.io.netty = warn\n");
            }
            if (section.equals("features")) {
                sb.append("# Free-form flags, all reloadable, e.g.:\n# my_feature = true\n");
            }
        }
        return sb.toString();
    }
}
