package dev.switchboard.broker.internal;

import dev.switchboard.broker.SlowConsumerPolicy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events the broker announces on {@code $SYS.ADVISORY.*} subjects, as JSON, so operators and tools
 * can see them by subscribing.
 */
final class Advisories {
    /** A connection's outbound buffer overflowed; the body names the connection. */
    static final String SLOW_CONSUMER = "$SYS.ADVISORY.SLOW_CONSUMER";

    private Advisories() {}

    static Map<String, Object> slowConsumer(
            ConnectionInfo c, SlowConsumerPolicy policy, int frameBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "slow_consumer");
        m.put("time", Instant.now());
        m.put("connection_id", c.id());
        m.put("name", c.name());
        m.put("remote", c.remote());
        m.put("principal", c.principal());
        m.put("policy", policy.name().toLowerCase(java.util.Locale.ROOT));
        m.put("pending_bytes", c.pendingBytes());
        m.put("frame_bytes", frameBytes);
        m.put("dropped", c.dropped());
        return m;
    }

    static void publish(BrokerCore core, String subject, Map<String, Object> body) {
        core.publish(subject, null, Json.write(body));
    }
}
