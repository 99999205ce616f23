package dev.switchboard.cli.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A small, strict INI reader that keeps line numbers, so every error can point at its line. (The
 * INI readers in commons-configuration2 and ini4j do not report the line a value came from, and
 * both accept duplicate keys silently.)
 *
 * <pre>
 * # comment            ; comment
 * [section]
 * key = value          (whitespace around key and value trimmed; no inline comments,
 *                       so values may contain # and ;)
 * </pre>
 *
 * Section and key names are lower-cased. A key before any section, a line that is neither, and a
 * key repeated in one section are errors. Stateless and thread-safe.
 */
final class IniParser {
    /** One {@code key = value} line. */
    record Entry(String section, String key, String value, int line) {}

    /** The entries and the errors of one file. */
    record Result(List<Entry> entries, List<String> errors) {}

    private IniParser() {}

    /**
     * @param text the file's text
     * @param where the file name used in errors
     * @return every entry and every error, in file order
     */
    static Result parse(String text, String where) {
        List<Entry> entries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String section = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    errors.add(where + ":" + n + ": malformed section header '" + line + "'");
                    section = "";
                } else {
                    section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                errors.add(
                        where
                                + ":"
                                + n
                                + ": expected 'key = value' or '[section]', got '"
                                + line
                                + "'");
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (section == null) {
                errors.add(where + ":" + n + ": '" + key + "' is outside any [section]");
                continue;
            }
            if (section.isEmpty()) {
                continue; // already reported the bad header
            }
            if (!seen.add(section + "." + key)) {
                errors.add(
                        where + ":" + n + ": [" + section + "] " + key + " is set twice; keep one");
                continue;
            }
            entries.add(new Entry(section, key, value, n));
        }
        return new Result(entries, errors);
    }
}
