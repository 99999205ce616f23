package dev.switchboard.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.container.Container;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void builder_setsDefaults() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
        Message m = Message.builder("a.b").clock(clock).build();
        assertThat(m.type()).isEqualTo(MessageType.EVENT);
        assertThat(m.priority()).isEqualTo(Priority.NORMAL);
        assertThat(m.timestamp()).isEqualTo(clock.instant());
        assertThat(m.ttl()).isEqualTo(Duration.ZERO);
        assertThat(m.body()).isEqualTo(Container.empty());
        assertThat(m.id().toUuid().version()).isEqualTo(7);
        assertThat(m.source()).isEmpty();
        assertThat(m.headers()).isEmpty();
    }

    @Test
    void ttl_expiresByTheClock() {
        ManualClock clock = new ManualClock();
        Message m = Message.builder("a").clock(clock).ttl(Duration.ofSeconds(10)).build();
        assertThat(m.isExpired(clock)).isFalse();
        clock.advance(Duration.ofMillis(9_999));
        assertThat(m.isExpired(clock)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(m.isExpired(clock)).isTrue();
        assertThat(Message.builder("a").clock(clock).build().isExpired(clock)).isFalse();
    }

    @Test
    void builder_validatesAtOnce() {
        Message.Builder b = Message.builder("ok");
        assertThatThrownBy(() -> Message.builder("a..b"))
                .isInstanceOf(InvalidSubjectException.class);
        assertThatThrownBy(() -> b.ttl(Duration.ofMillis(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> b.ttl(Duration.ofNanos(1500))).hasMessageContaining("millisecond");
        assertThatThrownBy(() -> b.correlationId("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> b.correlationId("x".repeat(256)))
                .hasMessageContaining("limit is 255");
        assertThatThrownBy(() -> b.header("", "v")).hasMessageContaining("empty");
        assertThatThrownBy(() -> b.header("h", "\uD800"))
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> b.traceState("a=b")).hasMessageContaining("trace context first");
        assertThatThrownBy(() -> b.timestamp(Instant.parse("2300-01-01T00:00:00Z")))
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> Endpoint.of("")).hasMessageContaining("empty");
    }

    @Test
    void headers_areSortedAndImmutable() {
        Message m = Message.builder("a").header("z", "1").header("a", "2").build();
        assertThat(m.headers().keySet()).containsExactly("a", "z");
        assertThat(m.header("z")).contains("1");
        assertThatThrownBy(() -> m.headers().put("b", "3"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilder_copiesEveryField() {
        Message m =
                Message.builder("a.b")
                        .type(MessageType.QUERY)
                        .priority(Priority.LOWEST)
                        .ttl(Duration.ofSeconds(1))
                        .correlationId("c")
                        .source("s", "1")
                        .target("t", "")
                        .traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                        .traceState("k=v")
                        .header("h", "v")
                        .body(Container.builder().put("x", 1).build())
                        .build();
        assertThat(m.toBuilder().build()).isEqualTo(m);
        assertThat(m.toBuilder().header("h2", "v").build()).isNotEqualTo(m);
    }

    @Test
    void messageId_roundTripsThroughUuidAndText() {
        UUID uuid = UUID.randomUUID();
        MessageId id = MessageId.of(uuid);
        assertThat(id.toUuid()).isEqualTo(uuid);
        assertThat(MessageId.parse(id.toString())).isEqualTo(id);
        MessageId early = MessageId.next(1_000);
        MessageId late = MessageId.next(2_000);
        assertThat(early).isLessThan(late);
        assertThat(late.toUuid().variant()).isEqualTo(2);
        assertThatThrownBy(() -> MessageId.parse("not-a-uuid"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void traceContext_parsesAndPrintsW3cTraceparent() {
        String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        TraceContext t = TraceContext.parse(tp);
        assertThat(t.sampled()).isTrue();
        assertThat(t.toTraceparent()).isEqualTo(tp);
        assertThatThrownBy(
                        () ->
                                TraceContext.parse(
                                        "00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .hasMessageContaining("trace id");
        assertThatThrownBy(
                        () ->
                                TraceContext.parse(
                                        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                TraceContext.parse(
                                        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
