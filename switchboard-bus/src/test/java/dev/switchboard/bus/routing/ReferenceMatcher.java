package dev.switchboard.bus.routing;

/** The wildcard rules written as plainly as possible, to check the trie against. */
final class ReferenceMatcher {
    private ReferenceMatcher() {}

    static boolean matches(String pattern, String subject) {
        return matches(pattern.split("\\.", -1), 0, subject.split("\\.", -1), 0);
    }

    private static boolean matches(String[] p, int i, String[] s, int j) {
        if (i == p.length) {
            return j == s.length;
        }
        return switch (p[i]) {
            case "#" -> true;
            case ">" -> j < s.length;
            case "*" -> j < s.length && matches(p, i + 1, s, j + 1);
            default -> j < s.length && p[i].equals(s[j]) && matches(p, i + 1, s, j + 1);
        };
    }
}
