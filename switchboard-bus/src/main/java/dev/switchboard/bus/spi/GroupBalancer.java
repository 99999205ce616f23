package dev.switchboard.bus.spi;

import dev.switchboard.bus.QueueStrategy;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.bus.routing.QueueGroup;
import dev.switchboard.core.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the member of a queue group that gets a message, by the group's {@link QueueStrategy}.
 * Groups are known by name (the router merges a group's members across patterns by name), and the
 * first member fixes the strategy; a member asking for another is refused.
 *
 * <p>Thread-safety: {@link #pick} is lock-free and called by publishers; {@link #join} and {@link
 * #leave} update a group atomically through {@link ConcurrentHashMap#compute}.
 */
public final class GroupBalancer {
    private static final class Group {
        final QueueStrategy strategy;
        final String hashHeader;
        final AtomicLong turn = new AtomicLong();
        int members; // changed only inside ConcurrentHashMap.compute

        Group(QueueStrategy strategy, String hashHeader) {
            this.strategy = strategy;
            this.hashHeader = hashHeader;
        }
    }

    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

    /** A balancer with no groups. */
    public GroupBalancer() {}

    /**
     * Registers a member.
     *
     * @param name the group
     * @param options the member's options
     * @throws IllegalArgumentException if the group already uses another strategy or hash header
     */
    public void join(String name, SubscriptionOptions options) {
        groups.compute(
                name,
                (k, g) -> {
                    if (g == null) {
                        g = new Group(options.queueStrategy(), options.hashHeader());
                    } else if (g.strategy != options.queueStrategy()
                            || !java.util.Objects.equals(g.hashHeader, options.hashHeader())) {
                        throw new IllegalArgumentException(
                                "queue group '"
                                        + name
                                        + "' uses "
                                        + describe(g.strategy, g.hashHeader)
                                        + "; a member asked for "
                                        + describe(options.queueStrategy(), options.hashHeader()));
                    }
                    g.members++;
                    return g;
                });
    }

    /**
     * Unregisters a member; the group is forgotten with its last member.
     *
     * @param name the group
     */
    public void leave(String name) {
        groups.computeIfPresent(name, (k, g) -> --g.members == 0 ? null : g);
    }

    /**
     * @param group the matched group
     * @param message the message
     * @param exclude members that refused the message already (closing), or {@code null}
     * @return the chosen member, or {@code null} if none is left
     */
    public BusSubscription pick(
            QueueGroup<BusSubscription> group, Message message, Set<BusSubscription> exclude) {
        List<BusSubscription> members = group.members();
        if (exclude != null) {
            members = new ArrayList<>(members);
            members.removeAll(exclude);
        }
        int n = members.size();
        if (n == 0) {
            return null;
        }
        Group g = groups.get(group.name());
        if (g == null || n == 1) {
            return members.get(0);
        }
        return switch (g.strategy) {
            case ROUND_ROBIN -> members.get(Math.floorMod(g.turn.getAndIncrement(), n));
            case RANDOM -> members.get(ThreadLocalRandom.current().nextInt(n));
            case LEAST_OUTSTANDING -> leastOutstanding(members, g);
            case CONSISTENT_HASH -> {
                String key = message.header(g.hashHeader).orElse(null);
                yield key == null
                        ? members.get(Math.floorMod(g.turn.getAndIncrement(), n))
                        : rendezvous(members, key);
            }
        };
    }

    private static BusSubscription leastOutstanding(List<BusSubscription> members, Group g) {
        int n = members.size();
        int start = Math.floorMod(g.turn.getAndIncrement(), n); // ties go round robin
        BusSubscription best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            BusSubscription s = members.get((start + i) % n);
            int load = s.outstanding();
            if (load < bestLoad) {
                best = s;
                bestLoad = load;
            }
        }
        return best;
    }

    /** Highest random weight: stable per key, and a leaving member moves only its own keys. */
    private static BusSubscription rendezvous(List<BusSubscription> members, String key) {
        long keyHash = mix(key.hashCode() * 0x9E3779B97F4A7C15L + key.length());
        BusSubscription best = null;
        long bestWeight = 0;
        for (BusSubscription s : members) {
            long w = mix(keyHash ^ mix(s.id()));
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0) {
                best = s;
                bestWeight = w;
            }
        }
        return best;
    }

    /** The MurmurHash3 64-bit finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static String describe(QueueStrategy strategy, String header) {
        return header == null ? strategy.name() : strategy + " on header '" + header + "'";
    }
}
