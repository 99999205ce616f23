package dev.switchboard.database.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables a statement writes, for cache invalidation: the table after {@code INSERT INTO},
 * {@code UPDATE}, {@code DELETE FROM}, {@code TRUNCATE}, {@code MERGE INTO}, {@code ALTER TABLE}
 * and {@code DROP TABLE}, anywhere in the statement (so writing CTEs count). A simple scan, not a
 * parser: it may find too many tables (a keyword inside a string literal), which costs only an
 * extra invalidation, and misses writes done by functions or triggers, which callers declare with
 * {@code Transaction.writes}. Results are memoised per SQL string. Thread-safe.
 */
final class WriteTables {
    private static final String IDENT = "(?:\"[^\"]+\"|`[^`]+`|[\\w$]+)";
    private static final Pattern WRITE =
            Pattern.compile(
                    "(?i)\\b(insert\\s+into|update|delete\\s+from|truncate(?:\\s+table)?|merge\\s+into"
                            + "|alter\\s+table|drop\\s+table)\\s+(?:only\\s+)?(?:if\\s+exists\\s+)?("
                            + IDENT
                            + "(?:\\s*\\.\\s*"
                            + IDENT
                            + ")*)");

    /** "FOR UPDATE", "FOR NO KEY UPDATE", "DO UPDATE": row locks and upserts, not a table name. */
    private static final Pattern NOT_A_WRITE_BEFORE_UPDATE =
            Pattern.compile("(?i)\\b(for|do|key)\\s*$");

    private static final Cache<String, Set<String>> MEMO =
            Caffeine.newBuilder().maximumSize(4096).executor(Runnable::run).build();

    private WriteTables() {}

    /**
     * @param sql a statement
     * @return the normalised names of the tables it writes; empty for a plain query
     */
    static Set<String> of(String sql) {
        return MEMO.get(sql, WriteTables::scan);
    }

    private static Set<String> scan(String sql) {
        Set<String> tables = new LinkedHashSet<>();
        Matcher m = WRITE.matcher(sql);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase("update")
                    && NOT_A_WRITE_BEFORE_UPDATE.matcher(sql.substring(0, m.start())).find()) {
                continue;
            }
            tables.add(normalize(m.group(2)));
        }
        return Set.copyOf(tables);
    }

    /**
     * @param table a table name, possibly schema-qualified or quoted
     * @return the unqualified, unquoted, lower-case name used as a cache tag
     */
    static String normalize(String table) {
        String t = table.strip();
        int dot = t.lastIndexOf('.');
        if (dot >= 0) {
            t = t.substring(dot + 1).strip();
        }
        if (t.length() >= 2
                && (t.charAt(0) == '"' || t.charAt(0) == '`')
                && t.charAt(t.length() - 1) == t.charAt(0)) {
            t = t.substring(1, t.length() - 1);
        }
        return t.toLowerCase(Locale.ROOT);
    }
}
