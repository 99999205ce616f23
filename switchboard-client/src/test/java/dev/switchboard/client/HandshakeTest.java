package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolVersion;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandshakeTest extends ClientTestBase {

    @Test
    void connect_sendsHello_andGoesLiveOnWelcome() throws Exception {
        ScriptedServer server = server();

        Connection c = connect(options(server).token("s3cret").echo(false).build());

        assertThat(c.status()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(c.connectedUrl()).contains(URI.create(server.url()));
        assertThat(c.serverInfo().serverId()).isEqualTo("srv-" + server.port());
        Frame.Hello hello = server.last().hello;
        assertThat(hello.name()).isEqualTo("test");
        assertThat(hello.token()).isEqualTo("s3cret");
        assertThat(hello.client()).isEqualTo("switchboard-java/0.1.0");
        assertThat(hello.echo()).isFalse();
        assertThat(hello.minVersion()).isEqualTo(ProtocolVersion.MIN);
        assertThat(hello.maxVersion()).isEqualTo(ProtocolVersion.MAX);
        assertThat(events.awaitFirst(ConnectionEvent.Type.CONNECTED).serverUrl())
                .isEqualTo(server.url());
        assertThat(events.threads).allMatch(t -> t.equals("switchboard-client-test-events"));
    }

    @Test
    void authRefused_failsWithTheCode_andIsNotRetried() {
        ScriptedServer server = server();
        server.refuse = Frame.Err.of(ErrorCode.AUTH_FAILED, 0, "bad token");

        assertThatThrownBy(() -> connect(options(server).token("wrong").build()))
                .isInstanceOfSatisfying(
                        ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED))
                .hasMessageContaining("bad token")
                .hasMessageContaining(server.url());
        assertThat(server.frames(Frame.Hello.class)).hasSize(1);
    }

    @Test
    void versionRefusedByServer_failsWithUnsupportedVersion() {
        ScriptedServer server = server();
        server.refuse = Frame.Err.of(ErrorCode.UNSUPPORTED_VERSION, 0, "I speak 7..9");

        assertThatThrownBy(() -> connect(options(server).build()))
                .isInstanceOfSatisfying(
                        ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION));
    }

    @Test
    void welcomeWithAVersionWeDoNotSpeak_failsWithUnsupportedVersion() {
        ScriptedServer server = server();
        server.welcomeVersion = ProtocolVersion.MAX + 1;

        assertThatThrownBy(() -> connect(options(server).build()))
                .isInstanceOfSatisfying(
                        ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessageContaining("protocol version " + (ProtocolVersion.MAX + 1));
    }

    @Test
    void silentServer_failsAfterTheHandshakeTimeout_namingTheServer() {
        ScriptedServer server = server();
        server.silent = true;

        assertThatThrownBy(
                        () ->
                                connect(
                                        options(server)
                                                .handshakeTimeout(Duration.ofMillis(200))
                                                .build()))
                .isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining(server.url())
                .hasMessageContaining("handshake timeout");
        await().atMost(WAIT).until(() -> server.conns.isEmpty());
    }

    @Test
    void noServerAnswers_failsNamingEveryServerTried() throws Exception {
        int p1;
        int p2;
        try (ServerSocket a = new ServerSocket(0);
                ServerSocket b = new ServerSocket(0)) {
            p1 = a.getLocalPort();
            p2 = b.getLocalPort();
        }
        ClientOptions o =
                options().server("sb://127.0.0.1:" + p1).server("sb://127.0.0.1:" + p2).build();

        assertThatThrownBy(() -> connect(o))
                .isInstanceOfSatisfying(
                        ConnectionFailedException.class, e -> assertThat(e.attempts()).hasSize(2))
                .hasMessageContaining("sb://127.0.0.1:" + p1)
                .hasMessageContaining("sb://127.0.0.1:" + p2);
    }

    @Test
    void secondServer_isUsedWhenTheFirstIsDown() throws Exception {
        int dead;
        try (ServerSocket a = new ServerSocket(0)) {
            dead = a.getLocalPort();
        }
        ScriptedServer server = server();

        Connection c =
                connect(options().server("sb://127.0.0.1:" + dead).server(server.url()).build());

        assertThat(c.connectedUrl()).contains(URI.create(server.url()));
    }

    @Test
    void unixSocket_connectsAndPublishes(@TempDir Path dir) throws Exception {
        ScriptedServer server = track(ScriptedServer.unix(dir.resolve("sb.sock")));

        Connection c = connect(options(server).build());
        c.publish("over.unix", new byte[] {1, 2, 3});
        c.flush(WAIT);

        assertThat(server.frames(Frame.Pub.class))
                .singleElement()
                .satisfies(p -> assertThat(p.subject()).isEqualTo("over.unix"));
    }
}
