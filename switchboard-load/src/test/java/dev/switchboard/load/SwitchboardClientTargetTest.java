package dev.switchboard.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.protocol.transport.TlsOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options every load connection (core and stream targets) is built from. */
class SwitchboardClientTargetTest {

    @Test
    void loadConnection_keepsTheUsersServersTokenAndTls_andSetsTheToolsOwnLimits(@TempDir Path dir)
            throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not parsed here");
        TlsOptions tls = TlsOptions.client(ca);
        ClientOptions base =
                ClientOptions.builder()
                        .servers(java.util.List.of("sb://10.0.0.1:7422", "sb://10.0.0.2:7422"))
                        .token("s3cret")
                        .tls(tls)
                        .build();

        ClientOptions o = SwitchboardClientTarget.loadConnection(base, "stream-BENCH").build();

        assertThat(o.servers())
                .containsExactly(
                        URI.create("sb://10.0.0.1:7422"), URI.create("sb://10.0.0.2:7422"));
        assertThat(o.token()).isEqualTo("s3cret");
        assertThat(o.tls()).isSameAs(tls);
        assertThat(o.name()).isEqualTo("stream-BENCH");
        assertThat(o.reconnect()).isFalse();
        assertThat(o.pendingMessages()).isEqualTo(Integer.MAX_VALUE);
        assertThat(o.pendingBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(o.spinAdaptive()).as("the client's default spin, as the user has it").isTrue();
        assertThat(o.spinWait()).isEqualTo(ClientOptions.DEFAULT_SPIN_BOUND);
    }

    @Test
    void loadConnection_withoutTokenOrTls_leavesThemUnset() {
        ClientOptions o =
                SwitchboardClientTarget.loadConnection(
                                ClientOptions.builder().server("sb://127.0.0.1:7422").build(), "c")
                        .build();
        assertThat(o.token()).isNull();
        assertThat(o.tls()).isNull();
    }
}
