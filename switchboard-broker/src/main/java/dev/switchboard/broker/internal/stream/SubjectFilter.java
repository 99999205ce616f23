package dev.switchboard.broker.internal.stream;

import java.util.function.Predicate;

/**
 * A consumer's filter pattern as a predicate over subjects, matched token by token in place (no
 * splitting per message: stores call it for every message they scan). Wildcards as everywhere:
 * {@code *} one token, {@code >} one or more trailing, {@code #} zero or more trailing.
 */
final class SubjectFilter implements Predicate<String> {
    private final String[] tokens;

    private SubjectFilter(String pattern) {
        this.tokens = pattern.split("\\.", -1);
    }

    /**
     * @param pattern a valid pattern, or {@code null}
     * @return its predicate, or {@code null} (meaning all) for {@code null}
     */
    static SubjectFilter of(String pattern) {
        return pattern == null ? null : new SubjectFilter(pattern);
    }

    @Override
    public boolean test(String subject) {
        int at = 0;
        int n = subject.length();
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.equals("#")) {
                return true;
            }
            if (at > n) {
                return false; // subject has no tokens left
            }
            if (t.equals(">")) {
                return true; // at least one token is left (at <= n)
            }
            int end = subject.indexOf('.', at);
            if (end < 0) {
                end = n;
            }
            if (!t.equals("*")
                    && (end - at != t.length() || !subject.regionMatches(at, t, 0, t.length()))) {
                return false;
            }
            at = end + 1;
        }
        return at > n;
    }
}
