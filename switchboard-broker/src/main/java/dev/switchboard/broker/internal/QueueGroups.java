package dev.switchboard.broker.internal;

import dev.switchboard.bus.routing.QueueGroup;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.QueueMode;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue groups across all connections: each group's mode (fixed by its first member) and the
 * choice of the member that gets a message. The router merges a group's members across patterns by
 * name; this class picks one of them.
 *
 * <p>Thread-safety: {@link #pick} is lock-free and runs on publishers' event loops; {@link #join}
 * and {@link #leave} update a group atomically.
 */
final class QueueGroups {
    private static final class Group {
        final QueueMode mode;
        final String hashHeader;
        final byte[] hashHeaderBytes;
        final AtomicLong turn = new AtomicLong();
        int members; // changed only inside ConcurrentHashMap.compute

        Group(QueueMode mode, String hashHeader) {
            this.mode = mode;
            this.hashHeader = hashHeader;
            this.hashHeaderBytes =
                    hashHeader == null ? null : hashHeader.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

    /**
     * @param name the group
     * @param mode the member's requested mode
     * @param hashHeader the member's hash header, or {@code null}
     * @return {@code null} if joined, else why not (the group uses another mode)
     */
    String join(String name, QueueMode mode, String hashHeader) {
        String[] refusal = new String[1];
        groups.compute(
                name,
                (k, g) -> {
                    if (g == null) {
                        g = new Group(mode, hashHeader);
                    } else if (g.mode != mode || !Objects.equals(g.hashHeader, hashHeader)) {
                        refusal[0] =
                                "queue group '"
                                        + name
                                        + "' uses "
                                        + describe(g.mode, g.hashHeader)
                                        + "; this member asked for "
                                        + describe(mode, hashHeader);
                        return g;
                    }
                    g.members++;
                    return g;
                });
        return refusal[0];
    }

    private static String describe(QueueMode mode, String header) {
        return mode == QueueMode.HASH ? "HASH on header '" + header + "'" : mode.name();
    }

    /**
     * @param name a group a member leaves
     */
    void leave(String name) {
        groups.computeIfPresent(name, (k, g) -> --g.members == 0 ? null : g);
    }

    /**
     * Picks the member that gets a message.
     *
     * @param group the matched group
     * @param buf the PUB frame's buffer (for the hash header)
     * @param headersAt where its headers section starts
     * @param headersLength its length
     * @param skip a session whose members must not be picked (the publisher without echo), or
     *     {@code null}
     * @return the member, or {@code null} if none is eligible
     */
    ServerSubscription pick(
            QueueGroup<ServerSubscription> group,
            ByteBuf buf,
            int headersAt,
            int headersLength,
            Session skip) {
        List<ServerSubscription> members = group.members();
        int n = members.size();
        Group g = groups.get(group.name());
        if (g == null) {
            return firstEligible(members, 0, skip); // the group is being torn down
        }
        int start =
                switch (g.mode) {
                    case ROUND_ROBIN -> (int) Math.floorMod(g.turn.getAndIncrement(), (long) n);
                    case RANDOM -> ThreadLocalRandom.current().nextInt(n);
                    case LEAST_OUTSTANDING -> leastOutstanding(members, g);
                    case HASH -> rendezvous(members, g, buf, headersAt, headersLength);
                };
        return firstEligible(members, start, skip);
    }

    private static ServerSubscription firstEligible(
            List<ServerSubscription> members, int start, Session skip) {
        int n = members.size();
        for (int i = 0; i < n; i++) {
            ServerSubscription s = members.get((start + i) % n);
            if (s.session == null || (s.session != skip && !s.session.isClosing())) {
                return s;
            }
        }
        return null;
    }

    private static int leastOutstanding(List<ServerSubscription> members, Group g) {
        int n = members.size();
        int first = (int) Math.floorMod(g.turn.getAndIncrement(), (long) n);
        int best = first;
        long bestPending = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int idx = (first + i) % n;
            Session s = members.get(idx).session;
            long pending = s == null ? 0 : s.pendingBytesApprox();
            if (pending < bestPending) {
                bestPending = pending;
                best = idx;
            }
        }
        return best;
    }

    private static int rendezvous(
            List<ServerSubscription> members,
            Group g,
            ByteBuf buf,
            int headersAt,
            int headersLength) {
        long at =
                g.hashHeaderBytes == null
                        ? -1
                        : Headers.find(buf, headersAt, headersLength, g.hashHeaderBytes);
        if (at < 0) {
            return (int) Math.floorMod(g.turn.getAndIncrement(), (long) members.size());
        }
        int valueAt = (int) (at >>> 32);
        int valueLength = (int) at;
        long keyHash = 0xcbf29ce484222325L;
        for (int i = 0; i < valueLength; i++) {
            keyHash = (keyHash ^ (buf.getByte(valueAt + i) & 0xFF)) * 0x100000001b3L;
        }
        int best = 0;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < members.size(); i++) {
            ServerSubscription m = members.get(i);
            long memberId = m.session == null ? 0 : (m.session.id() << 32) ^ m.sid;
            long score = mix(keyHash ^ mix(memberId));
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
