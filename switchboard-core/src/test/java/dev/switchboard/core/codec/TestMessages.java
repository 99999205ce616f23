package dev.switchboard.core.codec;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageId;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import dev.switchboard.core.message.TraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Messages and bodies shared by the malformed-input tests. */
final class TestMessages {
    private TestMessages() {}

    /** Every optional envelope field, three headers and {@link #richBody()}. */
    static Message richMessage() {
        return Message.builder("orders.eu.created")
                .id(new MessageId(0x0190b5d27c1e7a3bL, 0x9f001234567890abL))
                .type(MessageType.COMMAND)
                .priority(Priority.HIGH)
                .timestamp(Instant.parse("2025-01-02T03:04:05.123456789Z"))
                .ttl(Duration.ofSeconds(30))
                .correlationId("req-42")
                .source("billing", "node-1")
                .target("shipping", "")
                .trace(
                        new TraceContext(
                                0x4bf92f3577b34da6L,
                                0xa3ce929d0e0e4736L,
                                0x00f067aa0ba902b7L,
                                (byte) 1))
                .traceState("congo=t61rcWkgMzE")
                .header("content-type", "application/json")
                .header("x-retry", "3")
                .header("zeta", "grüße")
                .body(richBody())
                .build();
    }

    /** Every value type, inline and extended forms, multi-byte lengths. */
    static Container richBody() {
        List<Value> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(Value.of((long) i * 1000));
        }
        return Container.builder()
                .putNull("null")
                .put("bool-false", false)
                .put("bool-true", true)
                .putInt8("i8", (byte) -128)
                .putInt16("i16", (short) 1234)
                .put("i32-inline", 7)
                .put("i32", -123456)
                .put("i64", Long.MIN_VALUE)
                .put("f32", 1.5f)
                .put("f64", -2.25e300)
                .put("str-short", "hi")
                .put("str-long", "x".repeat(200))
                .put("str-utf8", "grüße \uD83D\uDE00")
                .put("bytes-empty", new byte[0])
                .put("bytes", new byte[] {0, 1, 2, (byte) 0xFF})
                .put(
                        "nested",
                        Container.builder()
                                .put("x", 1)
                                .put("y", Container.empty())
                                .put("z", List.of())
                                .build())
                .put(
                        "list",
                        List.of(Value.NULL, Value.of(1L), Value.of("s"), Value.list(Value.TRUE)))
                .put("list-long", many)
                .build();
    }

    /** A body whose innermost container is at {@code depth} (the body itself is depth 1). */
    static Container containersTo(int depth) {
        Container c = Container.empty();
        for (int d = depth; d > 1; d--) {
            c = Container.builder().put("a", c).build();
        }
        return c;
    }

    /** A body {@code {"a": [[...]]}} whose innermost list is at {@code depth} (>= 2). */
    static Container listsTo(int depth) {
        Value v = Value.list();
        for (int d = depth; d > 2; d--) {
            v = Value.list(v);
        }
        return Container.builder().put("a", v).build();
    }

    /** A message with a fixed id and timestamp, subject "t", no optional field and this body. */
    static Message withBody(Container body) {
        return Message.builder("t")
                .id(new MessageId(1, 2))
                .timestamp(Instant.ofEpochSecond(1))
                .body(body)
                .build();
    }
}
