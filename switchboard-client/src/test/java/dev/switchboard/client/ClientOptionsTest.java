package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void defaults_followTheJavaClientConventions() {
        ClientOptions o = ClientOptions.defaults();

        assertThat(o.servers()).containsExactly(URI.create("sb://127.0.0.1:7422"));
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.pingInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.maxPingsOut()).isEqualTo(2);
        assertThat(o.reconnect()).isTrue();
        assertThat(o.reconnectWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.reconnectMaxWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxReconnectAttempts()).isEqualTo(60);
        assertThat(o.reconnectBufferBytes()).isEqualTo(8L << 20);
        assertThat(o.bufferFullPolicy()).isEqualTo(BufferFullPolicy.FAIL);
        assertThat(o.publishBufferBytes()).isEqualTo(8L << 20);
        assertThat(o.pendingMessages()).isEqualTo(65_536);
        assertThat(o.pendingBytes()).isEqualTo(64L << 20);
        assertThat(o.echo()).isTrue();
        assertThat(o.spinWait()).isEqualTo(ClientOptions.DEFAULT_SPIN_BOUND);
        assertThat(o.spinAdaptive()).isTrue();
        assertThat(SubscribeOptions.defaults().inline()).isFalse();
    }

    @Test
    void setters_validateAtOnce_withClearMessages() {
        ClientOptions.Builder b = ClientOptions.builder();

        assertThatThrownBy(() -> b.server("http://x:1")).hasMessageContaining("unknown scheme");
        assertThatThrownBy(() -> b.server("unix://somehost"))
                .hasMessageContaining("no socket path");
        assertThatThrownBy(() -> b.server("sb:///nohost")).hasMessageContaining("no host");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> b.maxPingsOut(0)).hasMessageContaining("maxPingsOut");
        assertThatThrownBy(() -> b.maxReconnectAttempts(-2)).hasMessageContaining("-1");
        assertThatThrownBy(() -> b.reconnectWait(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("shorter");
        assertThatThrownBy(() -> b.reconnectBuffer(10, BufferFullPolicy.FAIL))
                .hasMessageContaining("1024");
        assertThatThrownBy(() -> b.pendingLimits(0, 1)).hasMessageContaining("pending");
        assertThatThrownBy(() -> b.spinWait(Duration.ofNanos(-1)))
                .hasMessageContaining("spinWait must be between 0 and 1 s");
        assertThatThrownBy(() -> b.spinWait(Duration.ofMillis(1001)))
                .hasMessageContaining("spinWait must be between 0 and 1 s");
        assertThatThrownBy(() -> b.adaptiveSpinWait(Duration.ofMillis(1001)))
                .hasMessageContaining("spinWait must be between 0 and 1 s");
        ClientOptions fixed = b.spinWait(Duration.ofMillis(1)).build();
        assertThat(fixed.spinWait()).isEqualTo(Duration.ofMillis(1));
        assertThat(fixed.spinAdaptive()).isFalse();
        ClientOptions adaptive = b.adaptiveSpinWait(Duration.ofNanos(80_000)).build();
        assertThat(adaptive.spinWait()).isEqualTo(Duration.ofNanos(80_000));
        assertThat(adaptive.spinAdaptive()).isTrue();
    }

    @Test
    void servers_areKeptInOrder_withDefaultPort() {
        ClientOptions o =
                ClientOptions.builder()
                        .servers(List.of("sb://a:1", "sbs://b", "unix:///tmp/sb.sock"))
                        .build();

        assertThat(o.servers())
                .extracting(URI::toString)
                .containsExactly("sb://a:1", "sbs://b", "unix:///tmp/sb.sock");
    }

    @Test
    void subscribeOptions_validateGroups() {
        assertThatThrownBy(() -> SubscribeOptions.builder().queueGroup("has space"))
                .hasMessageContaining("whitespace");
        assertThatThrownBy(
                        () ->
                                SubscribeOptions.builder()
                                        .queueGroup("g", dev.switchboard.protocol.QueueMode.HASH))
                .hasMessageContaining("hashGroup");
    }
}
