package dev.switchboard.benchmarks.codec;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Endpoint;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageId;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import dev.switchboard.core.message.TraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The messages the codec benchmarks encode, and the same data as a plain Java tree ({@code Map},
 * {@code List}, boxed primitives, {@code byte[]}) for the peers (Jackson JSON, Jackson CBOR,
 * MessagePack), which is how their users hand them such data.
 *
 * <ul>
 *   <li>small: the envelope (id, subject, type, priority, timestamp, source, correlation id) and 5
 *       body fields (int64, string, float64, bool, int32);
 *   <li>medium: the envelope with trace context, TTL and 2 headers, and 50 body fields of every
 *       type, with nested containers, lists and a 1 KiB bytes value.
 * </ul>
 */
public final class CodecData {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00.123456Z");

    private CodecData() {}

    /**
     * @param name "small" or "medium"
     * @return that message
     */
    public static Message message(String name) {
        return switch (name) {
            case "small" -> small();
            case "medium" -> medium();
            default -> throw new IllegalArgumentException("no data set " + name);
        };
    }

    /**
     * @return the small message
     */
    public static Message small() {
        return Message.builder("orders.eu.created")
                .id(new MessageId(0x0190b5d27c1e7a3bL, 0x9f001234567890abL))
                .type(MessageType.EVENT)
                .priority(Priority.HIGH)
                .timestamp(T0)
                .source(Endpoint.of("order-service", "instance-1"))
                .correlationId("c-42")
                .body(
                        Container.builder()
                                .put("orderId", 1_234_567_890_123L)
                                .put("customer", "alice@example.com")
                                .put("amount", 129.99)
                                .put("express", true)
                                .put("quantity", 3)
                                .build())
                .build();
    }

    /**
     * @return the medium message
     */
    public static Message medium() {
        Random random = new Random(42);
        Container.Builder body = Container.builder();
        byte[] blob = new byte[1024];
        random.nextBytes(blob);
        body.put("attachment", blob);
        for (int i = 0; i < 5; i++) {
            Container.Builder line = Container.builder();
            line.put("sku", "SKU-" + (10_000 + random.nextInt(90_000)));
            line.put("qty", 1 + random.nextInt(20));
            line.put("price", Math.round(random.nextDouble() * 100_000) / 100.0);
            line.put("tags", List.<Value>of(Value.of("fragile"), Value.of("eu")));
            body.put("line" + i, line.build());
        }
        for (int i = 0; i < 44; i++) {
            String key = String.format(Locale.ROOT, "field%02d", i);
            switch (i % 8) {
                case 0 -> body.put(key, random.nextLong());
                case 1 -> body.put(key, random.nextInt(1_000_000));
                case 2 -> body.put(key, "value-" + Long.toHexString(random.nextLong()));
                case 3 -> body.put(key, random.nextDouble());
                case 4 -> body.put(key, random.nextBoolean());
                case 5 -> body.putInt16(key, (short) random.nextInt(Short.MAX_VALUE));
                case 6 -> body.put(key, (float) random.nextGaussian());
                default ->
                        body.put(
                                key,
                                List.<Value>of(
                                        Value.of(random.nextInt(100)),
                                        Value.of(random.nextInt(100)),
                                        Value.of(random.nextInt(100))));
            }
        }
        return Message.builder("telemetry.eu-west.sensor.temperature")
                .id(new MessageId(0x0190b5d27c1e7a3bL, 0x9f001234567890acL))
                .type(MessageType.EVENT)
                .priority(Priority.NORMAL)
                .timestamp(T0)
                .ttl(Duration.ofSeconds(30))
                .source(Endpoint.of("gateway", "rack-7"))
                .target(Endpoint.of("analytics", ""))
                .correlationId("batch-2026-11-26-0001")
                .trace(
                        TraceContext.parse(
                                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .header("content-kind", "reading")
                .header("schema", "v3")
                .body(body.build())
                .build();
    }

    /**
     * The same data as a plain tree: the envelope as a map of its fields, the body as nested maps.
     *
     * @param m a message
     * @return the tree
     */
    public static Map<String, Object> toTree(Message m) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", m.id().toString());
        tree.put("subject", m.subject());
        tree.put("type", m.type().name());
        tree.put("priority", m.priority().code());
        tree.put("timestamp", m.timestampNanos());
        if (m.ttlMillis() != 0) {
            tree.put("ttlMs", m.ttlMillis());
        }
        m.correlationId().ifPresent(c -> tree.put("correlationId", c));
        m.source().ifPresent(s -> tree.put("source", List.of(s.id(), s.subId())));
        m.target().ifPresent(t -> tree.put("target", List.of(t.id(), t.subId())));
        m.trace().ifPresent(t -> tree.put("traceparent", t.toTraceparent()));
        if (!m.headers().isEmpty()) {
            tree.put("headers", new LinkedHashMap<>(m.headers()));
        }
        tree.put("body", toTree(m.body()));
        return tree;
    }

    /**
     * @param c a container
     * @return it as a plain tree
     */
    public static Map<String, Object> toTree(Container c) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (var e : c) {
            map.put(e.getKey(), toPlain(e.getValue()));
        }
        return map;
    }

    private static Object toPlain(Value v) {
        return switch (v) {
            case Value.Null n -> null;
            case Value.Bool b -> b.value();
            case Value.Int8 i -> i.value();
            case Value.Int16 i -> i.value();
            case Value.Int32 i -> i.value();
            case Value.Int64 i -> i.value();
            case Value.Float32 f -> f.value();
            case Value.Float64 f -> f.value();
            case Value.Text t -> t.value();
            case Value.Bytes b -> b.toArray();
            case Value.Nested n -> toTree(n.value());
            case Value.Array a -> {
                List<Object> items = new ArrayList<>(a.items().size());
                for (Value item : a.items()) {
                    items.add(toPlain(item));
                }
                yield items;
            }
        };
    }
}
