package dev.switchboard.broker.internal;

import dev.switchboard.protocol.ProtocolVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's request/reply management subjects, the seed of the management API. Each answers a
 * request with a JSON body on the request's reply subject:
 *
 * <ul>
 *   <li>{@code $SYS.REQ.SERVER.INFO}: identity, version, limits, uptime and counters
 *   <li>{@code $SYS.REQ.CONNECTIONS}: every connection with its counters
 *   <li>{@code $SYS.REQ.SUBSCRIPTIONS}: every client subscription
 *   <li>{@code $SYS.REQ.ROUTES}: every distinct subscribed pattern with its subscriber counts
 * </ul>
 *
 * <p>The broker's HTTP listener serves the same maps ({@code /v1/server}, {@code /v1/connections},
 * {@code /v1/subscriptions}, {@code /v1/routes}); the methods are safe from any thread.
 *
 * <p>Handlers run on the broker's single system thread. Who may ask is the permission hook's
 * decision (publishing to {@code $SYS.REQ.>}).
 */
public final class SystemService {
    /** Server identity and counters. */
    public static final String SERVER_INFO = "$SYS.REQ.SERVER.INFO";

    /** Connection listing. */
    public static final String CONNECTIONS = "$SYS.REQ.CONNECTIONS";

    /** Subscription listing. */
    public static final String SUBSCRIPTIONS = "$SYS.REQ.SUBSCRIPTIONS";

    /** Pattern listing with subscriber counts. */
    public static final String ROUTES = "$SYS.REQ.ROUTES";

    /** Sort keys of {@link #connections(String, int, int)}: id ascending, the rest descending. */
    public static final List<String> CONNECTION_SORTS =
            List.of(
                    "id",
                    "subscriptions",
                    "msgs_in",
                    "bytes_in",
                    "msgs_out",
                    "bytes_out",
                    "pending_bytes",
                    "dropped",
                    "slow_consumer_events");

    private final BrokerCore core;

    /**
     * @param core the broker
     */
    public SystemService(BrokerCore core) {
        this.core = core;
    }

    /** Subscribes the handlers. */
    public void start() {
        core.subscribeInternal(SERVER_INFO, (s, reply, p) -> answer(reply, serverInfo()));
        core.subscribeInternal(CONNECTIONS, (s, reply, p) -> answer(reply, connections()));
        core.subscribeInternal(SUBSCRIPTIONS, (s, reply, p) -> answer(reply, subscriptions()));
        core.subscribeInternal(ROUTES, (s, reply, p) -> answer(reply, routes()));
    }

    private void answer(String reply, Object body) {
        if (reply != null) {
            core.publish(reply, null, Json.write(body));
        }
    }

    /**
     * @return server identity, limits and counters
     */
    public Map<String, Object> serverInfo() {
        ServerStats s = core.stats;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", core.serverId);
        m.put("server_name", core.config.serverName());
        m.put("version", BrokerInfo.VERSION);
        m.put("protocol", ProtocolVersion.MAX);
        m.put("started_at", core.startedAt);
        m.put("uptime_ms", Duration.between(core.startedAt, Instant.now()).toMillis());
        m.put("transport", core.config.transport().name().toLowerCase(java.util.Locale.ROOT));
        m.put("max_payload", core.config.limits().maxPayload());
        m.put("max_connections", core.config.maxConnections());
        m.put("max_subscriptions", core.config.maxSubscriptionsPerConnection());
        m.put("max_pending_bytes", core.config.maxPendingBytes());
        m.put("slow_consumer_policy", core.config.slowConsumerPolicy().name());
        m.put("connections", core.connectionCount.get());
        m.put("subscriptions", core.router.size());
        long[] traffic = core.traffic();
        m.put("msgs_in", traffic[0]);
        m.put("bytes_in", traffic[1]);
        m.put("msgs_out", traffic[2]);
        m.put("bytes_out", traffic[3]);
        m.put("slow_consumers", s.slowConsumers.sum());
        m.put("dropped_slow_consumer", s.droppedSlowConsumer.sum());
        m.put("dropped_system_queue_full", s.droppedSystemQueueFull.sum());
        m.put("no_responders", s.noResponders.sum());
        m.put("connections_accepted", s.connectionsAccepted.sum());
        m.put("connections_refused", s.connectionsRefused.sum());
        m.put("protocol_errors", s.protocolErrors.sum());
        m.put("auth_failures", s.authFailures.sum());
        return m;
    }

    /**
     * @return every connection, by id
     */
    public Map<String, Object> connections() {
        return connections("id", 0, Integer.MAX_VALUE);
    }

    /**
     * One page of the connection listing.
     *
     * @param sort one of {@link #CONNECTION_SORTS}: {@code id} ascending, counters descending (the
     *     busiest or most backed-up connections first)
     * @param offset how many connections of the sorted listing to skip
     * @param limit the most to return
     * @return {@code server_id}, {@code total} (all connections), {@code offset}, {@code count} (in
     *     this page) and {@code connections}
     * @throws IllegalArgumentException for an unknown sort key or a negative offset or limit
     */
    public Map<String, Object> connections(String sort, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException(
                    "offset and limit must be >= 0, got offset=" + offset + " limit=" + limit);
        }
        Comparator<ConnectionInfo> order = order(sort);
        List<ConnectionInfo> all =
                core.sessions.values().stream().map(Session::info).sorted(order).toList();
        List<Object> list = new ArrayList<>();
        for (int i = offset; i < all.size() && list.size() < limit; i++) {
            list.add(connection(all.get(i)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", core.serverId);
        m.put("total", all.size());
        m.put("offset", offset);
        m.put("count", list.size());
        m.put("connections", list);
        return m;
    }

    private static Comparator<ConnectionInfo> order(String sort) {
        Comparator<ConnectionInfo> byId = Comparator.comparingLong(ConnectionInfo::id);
        java.util.function.ToLongFunction<ConnectionInfo> key =
                switch (sort) {
                    case "id" -> null;
                    case "subscriptions" -> ConnectionInfo::subscriptions;
                    case "msgs_in" -> ConnectionInfo::msgsIn;
                    case "bytes_in" -> ConnectionInfo::bytesIn;
                    case "msgs_out" -> ConnectionInfo::msgsOut;
                    case "bytes_out" -> ConnectionInfo::bytesOut;
                    case "pending_bytes" -> ConnectionInfo::pendingBytes;
                    case "dropped" -> ConnectionInfo::dropped;
                    case "slow_consumer_events" -> ConnectionInfo::slowConsumerEvents;
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown sort key '" + sort + "'; one of " + CONNECTION_SORTS);
                };
        return key == null ? byId : Comparator.comparingLong(key).reversed().thenComparing(byId);
    }

    private static Map<String, Object> connection(ConnectionInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("remote", c.remote());
        m.put("transport", c.transport());
        m.put("principal", c.principal());
        m.put("connected_at", c.connectedAt());
        m.put("subscriptions", c.subscriptions());
        m.put("msgs_in", c.msgsIn());
        m.put("bytes_in", c.bytesIn());
        m.put("msgs_out", c.msgsOut());
        m.put("bytes_out", c.bytesOut());
        m.put("pending_bytes", c.pendingBytes());
        m.put("dropped", c.dropped());
        m.put("slow_consumer_events", c.slowConsumerEvents());
        return m;
    }

    /**
     * @return every client subscription
     */
    public Map<String, Object> subscriptions() {
        List<Object> list = new ArrayList<>();
        core.sessions.values().stream()
                .sorted(Comparator.comparingLong(Session::id))
                .forEach(
                        session -> {
                            for (ServerSubscription s : session.subscriptionList()) {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("connection_id", session.id());
                                m.put("sid", s.sid);
                                m.put("pattern", s.pattern);
                                m.put("queue_group", s.group);
                                m.put("delivered", s.deliveredCount());
                                list.add(m);
                            }
                        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", core.serverId);
        m.put("count", list.size());
        m.put("subscriptions", list);
        return m;
    }

    /**
     * @return every distinct subscribed pattern (clients' subscriptions) with how many plain
     *     subscribers it has and its queue groups with their member counts, sorted by pattern
     */
    public Map<String, Object> routes() {
        java.util.TreeMap<String, int[]> plain = new java.util.TreeMap<>();
        java.util.TreeMap<String, java.util.TreeMap<String, Integer>> grouped =
                new java.util.TreeMap<>();
        for (Session session : core.sessions.values()) {
            for (ServerSubscription s : session.subscriptionList()) {
                plain.computeIfAbsent(s.pattern, k -> new int[1]);
                if (s.group == null) {
                    plain.get(s.pattern)[0]++;
                } else {
                    grouped.computeIfAbsent(s.pattern, k -> new java.util.TreeMap<>())
                            .merge(s.group, 1, Integer::sum);
                }
            }
        }
        List<Object> list = new ArrayList<>();
        for (Map.Entry<String, int[]> e : plain.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pattern", e.getKey());
            m.put("subscribers", e.getValue()[0]);
            List<Object> groups = new ArrayList<>();
            grouped.getOrDefault(e.getKey(), new java.util.TreeMap<>())
                    .forEach(
                            (name, members) -> {
                                Map<String, Object> g = new LinkedHashMap<>();
                                g.put("queue_group", name);
                                g.put("members", members);
                                groups.add(g);
                            });
            m.put("queue_groups", groups);
            list.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", core.serverId);
        m.put("count", list.size());
        m.put("routes", list);
        return m;
    }
}
