package dev.switchboard.bus.routing;

import dev.switchboard.core.message.Subjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Maps subjects to the targets whose patterns match them, with the wildcard rules of {@link
 * Subjects}: {@code *} one token, {@code >} one or more trailing tokens, {@code #} zero or more
 * trailing tokens. Shared by the in-process bus and the broker.
 *
 * <p>Design note: a token trie whose children live in concurrent maps and whose subscriber lists
 * are copy-on-write arrays, so {@link #match} never locks. Writers ({@link #add}, {@link #remove})
 * serialize on one lock. A bounded cache maps recently published subjects to their {@link Match};
 * each entry records the router's generation when it was computed, and every change bumps the
 * generation after the trie is updated, so an entry computed before a change is never served after
 * it. A match racing with a change may or may not see that change; a match that starts after {@code
 * add} or {@code remove} returned always does.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 *
 * @param <T> the target type (a subscription, a connection); compared with {@code equals} on
 *     removal
 */
public final class SubjectRouter<T> {
    /** The default number of cached subject matches. */
    public static final int DEFAULT_CACHE_CAPACITY = 16_384;

    /** How many inbox prefixes {@link #matchReply} remembers (cleared when full). */
    static final int REPLY_CACHE_CAPACITY = 4_096;

    private record Cached<T>(long generation, Match<T> match) {}

    private final TrieNode<T> root = new TrieNode<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentHashMap<String, Cached<T>> cache = new ConcurrentHashMap<>();
    // Inbox prefix -> the match of every reply below it (see matchReply).
    private final ConcurrentHashMap<String, Cached<T>> replyCache = new ConcurrentHashMap<>();
    private final int cacheCapacity;
    private volatile long generation;
    private volatile int size;

    /** A router with the default cache capacity. */
    public SubjectRouter() {
        this(DEFAULT_CACHE_CAPACITY);
    }

    /**
     * @param cacheCapacity how many subjects' matches to keep; 0 disables the cache
     * @throws IllegalArgumentException if negative
     */
    public SubjectRouter(int cacheCapacity) {
        if (cacheCapacity < 0) {
            throw new IllegalArgumentException("cacheCapacity must be >= 0, got " + cacheCapacity);
        }
        this.cacheCapacity = cacheCapacity;
    }

    /**
     * Subscribes a target to a pattern.
     *
     * @param pattern a valid pattern (see {@link Subjects})
     * @param queueGroup the queue group, or {@code null} for none
     * @param target the target
     * @throws dev.switchboard.core.message.InvalidSubjectException if the pattern is invalid
     * @throws IllegalArgumentException if the queue group name is empty or holds whitespace
     */
    public void add(String pattern, String queueGroup, T target) {
        Subjects.requireValidPattern(pattern);
        checkGroup(queueGroup);
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        writeLock.lock();
        try {
            TrieNode<T> node = root;
            for (String token : tokens(pattern)) {
                node = child(node, token);
            }
            node.add(queueGroup, target);
            size++;
            changed();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Unsubscribes one earlier {@link #add} of the same pattern, group and target.
     *
     * @param pattern the pattern it was added with
     * @param queueGroup the queue group it was added with, or {@code null}
     * @param target the target
     * @return whether such a subscription existed
     */
    public boolean remove(String pattern, String queueGroup, T target) {
        if (!Subjects.isValidPattern(pattern)) {
            return false;
        }
        writeLock.lock();
        try {
            String[] tokens = tokens(pattern);
            List<TrieNode<T>> path = new ArrayList<>(tokens.length + 1);
            TrieNode<T> node = root;
            path.add(node);
            for (String token : tokens) {
                node = existingChild(node, token);
                if (node == null) {
                    return false;
                }
                path.add(node);
            }
            if (!node.remove(queueGroup, target)) {
                return false;
            }
            prune(path, tokens);
            size--;
            changed();
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The router's version: it changes after every {@link #add} and {@link #remove}. A caller that
     * keeps a {@link Match} may reuse it while the generation it read before {@link #match} is
     * unchanged.
     *
     * @return the current generation
     */
    public long generation() {
        return generation;
    }

    /**
     * @return the number of subscriptions (pattern, group, target) in the router
     */
    public int size() {
        return size;
    }

    /**
     * Finds everything a message published to {@code subject} should reach.
     *
     * @param subject a valid subject (no wildcards)
     * @return the match; {@link Match#isEmpty()} when nobody subscribes
     * @throws dev.switchboard.core.message.InvalidSubjectException if the subject is invalid
     */
    public Match<T> match(String subject) {
        long g = generation;
        Cached<T> cached = cacheCapacity > 0 ? cache.get(subject) : null;
        if (cached != null && cached.generation == g) {
            return cached.match;
        }
        Subjects.requireValidSubject(subject);
        Match<T> match = compute(tokens(subject));
        if (cacheCapacity > 0) {
            if (cache.size() >= cacheCapacity) {
                evict();
            }
            cache.put(subject, new Cached<>(g, match));
        }
        return match;
    }

    /**
     * The match for a reply to a one-off inbox, {@code <prefix>.<unique token>}, without walking
     * the trie per reply: where no subscription names a literal token in the last position below
     * the prefix (the usual case: the inbox's owner subscribes {@code <prefix>.*}), every such
     * subject has the same match, which is kept per prefix (bounded, checked against {@link
     * #generation()} like the main cache). Otherwise it is computed without touching the main
     * cache, which subjects used once would only churn.
     *
     * @param subject a valid subject (no wildcards)
     * @return the match
     * @throws dev.switchboard.core.message.InvalidSubjectException if the subject is invalid
     */
    public Match<T> matchReply(String subject) {
        Subjects.requireValidSubject(subject);
        int dot = subject.lastIndexOf('.');
        if (dot < 0) {
            return compute(tokens(subject));
        }
        Match<T> any = matchAnyLastToken(subject.substring(0, dot));
        return any != null ? any : compute(tokens(subject));
    }

    /**
     * The match every subject {@code prefix.X} gets, whatever the one token X, or {@code null} when
     * it depends on X (a subscription names a literal token in that position). Kept per prefix,
     * bounded, checked against {@link #generation()}; a caller that keeps the result may reuse it
     * while the generation it read before this call is unchanged.
     *
     * @param prefix a valid subject: an inbox's prefix
     * @return the shared match, or {@code null}
     * @throws dev.switchboard.core.message.InvalidSubjectException if the prefix is invalid
     */
    public Match<T> matchAnyLastToken(String prefix) {
        long g = generation;
        Cached<T> cached = replyCache.get(prefix);
        if (cached != null && cached.generation == g) {
            return cached.match;
        }
        Subjects.requireValidSubject(prefix);
        String[] prefixTokens = tokens(prefix);
        Collector<T> c = new Collector<>();
        if (!collectAnyLast(root, prefixTokens, 0, c)) {
            return null; // a literal last token is subscribed somewhere below the prefix
        }
        Match<T> match = c.result();
        if (replyCache.size() >= REPLY_CACHE_CAPACITY) {
            replyCache.clear();
        }
        replyCache.put(prefix, new Cached<>(g, match));
        return match;
    }

    /**
     * {@link #collect} for the subject {@code prefix.X} with X any one token: false if the result
     * would depend on X (a node reached at X's position has literal children).
     */
    private static <T> boolean collectAnyLast(
            TrieNode<T> node, String[] prefix, int i, Collector<T> c) {
        TrieNode<T> hash = node.hash;
        if (hash != null) {
            c.add(hash);
        }
        TrieNode<T> gt = node.gt;
        if (gt != null) {
            c.add(gt); // at least X remains
        }
        if (i == prefix.length) {
            if (!node.literals.isEmpty()) {
                return false;
            }
            TrieNode<T> star = node.star;
            if (star != null) { // star consumes X; the subject ends there
                if (star.hash != null) {
                    c.add(star.hash);
                }
                c.add(star);
            }
            return true;
        }
        TrieNode<T> literal = node.literals.get(prefix[i]);
        if (literal != null && !collectAnyLast(literal, prefix, i + 1, c)) {
            return false;
        }
        TrieNode<T> star = node.star;
        return star == null || collectAnyLast(star, prefix, i + 1, c);
    }

    private Match<T> compute(String[] tokens) {
        Collector<T> c = new Collector<>();
        collect(root, tokens, 0, c);
        return c.result();
    }

    private static <T> void collect(TrieNode<T> node, String[] tokens, int i, Collector<T> c) {
        TrieNode<T> hash = node.hash;
        if (hash != null) {
            c.add(hash); // '#' matches zero or more remaining tokens
        }
        if (i == tokens.length) {
            c.add(node);
            return;
        }
        TrieNode<T> gt = node.gt;
        if (gt != null) {
            c.add(gt); // '>' matches one or more remaining tokens; at least one is left
        }
        TrieNode<T> literal = node.literals.get(tokens[i]);
        if (literal != null) {
            collect(literal, tokens, i + 1, c);
        }
        TrieNode<T> star = node.star;
        if (star != null) {
            collect(star, tokens, i + 1, c);
        }
    }

    /** Gathers targets and merges queue groups by name. Single-threaded, one per match. */
    private static final class Collector<T> {
        private final List<T> targets = new ArrayList<>();
        private Map<String, List<T>> groups;

        @SuppressWarnings("unchecked")
        void add(TrieNode<T> node) {
            for (Object t : node.targets) {
                targets.add((T) t);
            }
            Map<String, Object[]> g = node.groups;
            if (!g.isEmpty()) {
                if (groups == null) {
                    groups = new LinkedHashMap<>();
                }
                for (Map.Entry<String, Object[]> e : g.entrySet()) {
                    List<T> members = groups.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                    for (Object t : e.getValue()) {
                        members.add((T) t);
                    }
                }
            }
        }

        Match<T> result() {
            if (targets.isEmpty() && groups == null) {
                return Match.empty();
            }
            List<QueueGroup<T>> list = new ArrayList<>(groups == null ? 0 : groups.size());
            if (groups != null) {
                groups.forEach((name, members) -> list.add(new QueueGroup<>(name, members)));
            }
            return new Match<>(targets, list);
        }
    }

    private TrieNode<T> child(TrieNode<T> node, String token) {
        switch (token) {
            case "*" -> {
                if (node.star == null) {
                    node.star = new TrieNode<>();
                }
                return node.star;
            }
            case ">" -> {
                if (node.gt == null) {
                    node.gt = new TrieNode<>();
                }
                return node.gt;
            }
            case "#" -> {
                if (node.hash == null) {
                    node.hash = new TrieNode<>();
                }
                return node.hash;
            }
            default -> {
                return node.literals.computeIfAbsent(token, k -> new TrieNode<>());
            }
        }
    }

    private static <T> TrieNode<T> existingChild(TrieNode<T> node, String token) {
        return switch (token) {
            case "*" -> node.star;
            case ">" -> node.gt;
            case "#" -> node.hash;
            default -> node.literals.get(token);
        };
    }

    /** Unlinks nodes left empty by a removal, deepest first. */
    private static <T> void prune(List<TrieNode<T>> path, String[] tokens) {
        for (int i = tokens.length; i > 0; i--) {
            TrieNode<T> node = path.get(i);
            if (!node.isEmpty()) {
                return;
            }
            TrieNode<T> parent = path.get(i - 1);
            switch (tokens[i - 1]) {
                case "*" -> parent.star = null;
                case ">" -> parent.gt = null;
                case "#" -> parent.hash = null;
                default -> parent.literals.remove(tokens[i - 1], node);
            }
        }
    }

    private void changed() {
        generation++; // under the write lock; the volatile write publishes the trie change
        cache.clear();
    }

    private void evict() {
        // Drop about a quarter, in the map's own (effectively arbitrary) order: bounded, and
        // cheaper than tracking recency on every hit.
        int target = cacheCapacity * 3 / 4;
        var it = cache.keySet().iterator();
        while (cache.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static void checkGroup(String group) {
        if (group == null) {
            return;
        }
        if (group.isEmpty()) {
            throw new IllegalArgumentException(
                    "queue group name must not be empty; use null for none");
        }
        for (int i = 0; i < group.length(); i++) {
            if (Character.isWhitespace(group.charAt(i))
                    || Character.isISOControl(group.charAt(i))) {
                throw new IllegalArgumentException(
                        "queue group name '" + group + "' has whitespace or a control character");
            }
        }
    }

    static String[] tokens(String subject) {
        int count = 1;
        for (int i = 0; i < subject.length(); i++) {
            if (subject.charAt(i) == '.') {
                count++;
            }
        }
        String[] tokens = new String[count];
        int start = 0;
        int t = 0;
        for (int i = 0; i < subject.length(); i++) {
            if (subject.charAt(i) == '.') {
                tokens[t++] = subject.substring(start, i);
                start = i + 1;
            }
        }
        tokens[t] = subject.substring(start);
        return tokens;
    }
}
