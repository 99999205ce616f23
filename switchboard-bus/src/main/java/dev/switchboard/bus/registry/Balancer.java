package dev.switchboard.bus.registry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Picks one of a non-empty list of candidates (sorted by instance id) by a {@link LoadBalancing}
 * strategy. Thread-safe: round-robin positions are atomic per service name, the weighted state is
 * updated under a lock.
 */
final class Balancer {
    private final ConcurrentHashMap<String, AtomicInteger> positions = new ConcurrentHashMap<>();
    private final ReentrantLock weightLock = new ReentrantLock();

    InstanceEntry pick(
            String name, List<InstanceEntry> candidates, LoadBalancing strategy, String key) {
        return switch (strategy) {
            case ROUND_ROBIN -> candidates.get(next(name, candidates.size()));
            case LEAST_CONNECTIONS -> leastConnections(name, candidates);
            case WEIGHTED_RESPONSE_TIME -> weightedResponseTime(candidates);
            case CONSISTENT_HASH -> rendezvous(candidates, key);
        };
    }

    void forget(String name) {
        positions.remove(name);
    }

    private int next(String name, int size) {
        AtomicInteger p = positions.computeIfAbsent(name, n -> new AtomicInteger());
        return Math.floorMod(p.getAndIncrement(), size);
    }

    private InstanceEntry leastConnections(String name, List<InstanceEntry> candidates) {
        int n = candidates.size();
        int start = next(name, n);
        InstanceEntry best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            InstanceEntry e = candidates.get((start + i) % n);
            int load = e.inFlight.get();
            if (load < bestLoad) {
                best = e;
                bestLoad = load;
            }
        }
        return best;
    }

    /** Smooth weighted round robin (as in nginx): deterministic and proportional to weight. */
    private InstanceEntry weightedResponseTime(List<InstanceEntry> candidates) {
        double fastest = Double.MAX_VALUE;
        for (InstanceEntry e : candidates) {
            double avg = e.averageLatencyNanos();
            if (avg >= 0) {
                fastest = Math.min(fastest, Math.max(avg, 1.0));
            }
        }
        double unmeasured = fastest == Double.MAX_VALUE ? 1.0 : 1.0 / fastest;
        weightLock.lock();
        try {
            double total = 0;
            InstanceEntry best = null;
            for (InstanceEntry e : candidates) {
                double avg = e.averageLatencyNanos();
                double weight = avg < 0 ? unmeasured : 1.0 / Math.max(avg, 1.0);
                total += weight;
                e.currentWeight += weight;
                if (best == null || e.currentWeight > best.currentWeight) {
                    best = e;
                }
            }
            best.currentWeight -= total;
            return best;
        } finally {
            weightLock.unlock();
        }
    }

    /** Highest random weight: each key goes to the candidate with the highest hash(key, id). */
    private static InstanceEntry rendezvous(List<InstanceEntry> candidates, String key) {
        long keyHash = fnv1a(key);
        InstanceEntry best = null;
        long bestScore = 0;
        for (InstanceEntry e : candidates) {
            long score = mix(keyHash ^ Long.rotateLeft(fnv1a(e.id()), 32));
            if (best == null || Long.compareUnsigned(score, bestScore) > 0) {
                best = e;
                bestScore = score;
            }
        }
        return best;
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
