package dev.switchboard.core.message;

/**
 * The rules for subjects and subscription patterns, shared by every part of Switchboard.
 *
 * <ul>
 *   <li>A subject is one or more tokens separated by {@code .}; tokens are non-empty and hold no
 *       whitespace, no control characters and none of the wildcard characters {@code * > #}.
 *   <li>A pattern is a subject whose tokens may also be wildcards: {@code *} matches exactly one
 *       token, {@code >} one or more trailing tokens, {@code #} zero or more trailing tokens (so
 *       {@code a.#} also matches {@code a}). {@code >} and {@code #} may only be the last token.
 *   <li>At most {@link #MAX_LENGTH} chars and {@link #MAX_TOKENS} tokens.
 * </ul>
 */
public final class Subjects {
    /** The longest subject or pattern, in chars. */
    public static final int MAX_LENGTH = 1024;

    /** The most tokens a subject or pattern may have. */
    public static final int MAX_TOKENS = 64;

    private Subjects() {}

    /**
     * @param subject a subject to publish to
     * @return the subject
     * @throws InvalidSubjectException naming the rule it breaks
     */
    public static String requireValidSubject(String subject) {
        String reason = check(subject, false);
        if (reason != null) {
            throw new InvalidSubjectException(String.valueOf(subject), reason);
        }
        return subject;
    }

    /**
     * @param pattern a subscription pattern
     * @return the pattern
     * @throws InvalidSubjectException naming the rule it breaks
     */
    public static String requireValidPattern(String pattern) {
        String reason = check(pattern, true);
        if (reason != null) {
            throw new InvalidSubjectException(String.valueOf(pattern), reason);
        }
        return pattern;
    }

    /**
     * @param subject a candidate subject
     * @return whether it is a valid subject to publish to
     */
    public static boolean isValidSubject(String subject) {
        return check(subject, false) == null;
    }

    /**
     * @param pattern a candidate pattern
     * @return whether it is a valid subscription pattern
     */
    public static boolean isValidPattern(String pattern) {
        return check(pattern, true) == null;
    }

    /**
     * @param pattern a valid pattern
     * @return whether it holds any wildcard token
     */
    public static boolean hasWildcard(String pattern) {
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            if ((c == '*' || c == '>' || c == '#')
                    && (i == 0 || pattern.charAt(i - 1) == '.')
                    && (i + 1 == n || pattern.charAt(i + 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    private static String check(String s, boolean pattern) {
        if (s == null || s.isEmpty()) {
            return "must not be empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "is " + s.length() + " chars; the limit is " + MAX_LENGTH;
        }
        int n = s.length();
        int tokens = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || s.charAt(i) == '.') {
                tokens++;
                if (tokens > MAX_TOKENS) {
                    return "has more than " + MAX_TOKENS + " tokens";
                }
                if (i == start) {
                    return "empty token at char " + i;
                }
                String reason = checkToken(s, start, i, pattern, i == n);
                if (reason != null) {
                    return reason;
                }
                start = i + 1;
            }
        }
        return null;
    }

    private static String checkToken(String s, int from, int to, boolean pattern, boolean last) {
        if (to - from == 1) {
            char c = s.charAt(from);
            if (c == '*' || c == '>' || c == '#') {
                if (!pattern) {
                    return "wildcard '" + c + "' is not allowed in a subject to publish to";
                }
                if (c != '*' && !last) {
                    return "wildcard '" + c + "' must be the last token";
                }
                return null;
            }
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c <= ' ' || c == 0x7F) {
                    return "whitespace or control character at char " + i;
                }
                if (c == '*' || c == '>' || c == '#') {
                    return "'" + c + "' at char " + i + " is only allowed as a whole token";
                }
            } else if (Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.isISOControl(c)) {
                return "whitespace or control character at char " + i;
            } else if (Character.isSurrogate(c)) {
                boolean paired =
                        Character.isHighSurrogate(c)
                                && i + 1 < to
                                && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    return "unpaired surrogate at char " + i;
                }
                i++;
            }
        }
        return null;
    }

    /**
     * Whether a subject matches a pattern, by the rules above. For one-off checks (stream subject
     * filters, overlap checks); routing many subscriptions uses the bus's token trie instead.
     *
     * @param pattern a valid pattern
     * @param subject a valid subject
     * @return whether the pattern matches the subject
     */
    public static boolean matches(String pattern, String subject) {
        // In place, token by token, no allocation: stream consumers call this for every message
        // they scan.
        int p = 0;
        int s = 0;
        int pn = pattern.length();
        int sn = subject.length();
        while (true) {
            int pe = pattern.indexOf('.', p);
            if (pe < 0) {
                pe = pn;
            }
            int plen = pe - p;
            char c = pattern.charAt(p);
            if (plen == 1 && c == '#') {
                return true; // zero or more trailing tokens
            }
            if (s > sn) {
                return false; // the subject has no token left for this one
            }
            if (plen == 1 && c == '>') {
                return true; // one or more trailing tokens, and at least one is left
            }
            int se = subject.indexOf('.', s);
            if (se < 0) {
                se = sn;
            }
            boolean star = plen == 1 && c == '*';
            if (!star && (se - s != plen || !subject.regionMatches(s, pattern, p, plen))) {
                return false;
            }
            s = se + 1;
            if (pe == pn) {
                return s > sn; // the pattern is done: so must the subject be
            }
            p = pe + 1;
        }
    }

    /**
     * Whether some subject matches both patterns (two streams capturing one subject, say).
     *
     * @param a a valid pattern
     * @param b another
     * @return whether their matches intersect
     */
    public static boolean overlap(String a, String b) {
        return overlapTokens(a.split("\\.", -1), 0, b.split("\\.", -1), 0);
    }

    private static boolean overlapTokens(String[] a, int i, String[] b, int j) {
        for (; i < a.length && j < b.length; i++, j++) {
            String x = a[i];
            String y = b[j];
            boolean xTail = x.equals(">") || x.equals("#");
            boolean yTail = y.equals(">") || y.equals("#");
            if (xTail || yTail) {
                return true; // a tail wildcard absorbs whatever the other side has left (>= 1
                // token)
            }
            if (!x.equals("*") && !y.equals("*") && !x.equals(y)) {
                return false;
            }
        }
        if (i == a.length && j == b.length) {
            return true;
        }
        // One side has tokens left: only a lone trailing '#' (zero or more) can match nothing.
        String[] rest = i < a.length ? a : b;
        int k = i < a.length ? i : j;
        return k == rest.length - 1 && rest[k].equals("#");
    }
}
