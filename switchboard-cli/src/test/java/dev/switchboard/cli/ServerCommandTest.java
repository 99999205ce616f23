package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.broker.Broker;
import dev.switchboard.broker.SlowConsumerPolicy;
import dev.switchboard.cli.config.ConfigReloader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class ServerCommandTest {
    @TempDir Path dir;

    private ServerCommand server;
    private CompletableFuture<Integer> exit;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(ConfigReloader.class);

    private static final String BASE =
            """
            [network]
            listen_port = 0
            server_name = first
            [http]
            port = -1
            [messaging]
            slow_consumer_policy = %s
            [features]
            shiny = %s
            """;

    private Broker start(Path file, String... extra) throws Exception {
        server = new ServerCommand();
        server.env = Map.of();
        server.debounce = Duration.ofMillis(50);
        CommandLine cli = new CommandLine(server);
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] args = new String[extra.length + 4];
        args[0] = "-c";
        args[1] = file.toString();
        args[2] = "--set";
        args[3] = "storage.dir=" + dir.resolve("data"); // streams in the test's directory
        System.arraycopy(extra, 0, args, 4, extra.length);
        exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
        logs.start();
        reloaderLog.addAppender(logs);
        assertThat(server.started.await(30, TimeUnit.SECONDS)).isTrue();
        return server.broker;
    }

    @AfterEach
    void stop() throws Exception {
        reloaderLog.detachAppender(logs);
        if (server != null) {
            server.stop();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    private boolean logged(String text) {
        return logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
    }

    @Test
    void invalidConfig_exitsTwo_withEveryError() throws Exception {
        Path f = dir.resolve("bad.ini");
        Files.writeString(f, "[network]\nlisten_prt = 1\n[messaging]\nenable_persistence = true\n");
        StringWriter err = new StringWriter();
        int code =
                Main.run(
                        new String[] {"server", "-c", f.toString()},
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("did you mean 'listen_port'?").contains("not started");
    }

    @Test
    void persistenceWithoutAStorageDir_refusesToStart() throws Exception {
        StringWriter err = new StringWriter();
        int code =
                Main.run(
                        new String[] {"server", "--set", "storage.dir="},
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--set: enable_persistence=true needs storage.dir (where streams are kept)");
    }

    @Test
    void storageDir_reachesTheBroker_andPersistenceFalseTurnsStreamsOff() throws Exception {
        Path f = dir.resolve("s.ini");
        Files.writeString(f, BASE.formatted("disconnect", "false"));
        assertThat(start(f).config().storageDir()).isEqualTo(dir.resolve("data"));
        server.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        server = null;
        assertThat(start(f, "--set", "messaging.enable_persistence=false").config().storageDir())
                .isNull();
    }

    @Test
    void fileSetAndLegacyFlags_reachTheBroker() throws Exception {
        Path f = dir.resolve("s.ini");
        Files.writeString(f, BASE.formatted("disconnect", "false"));
        Broker broker = start(f, "--set", "network.max_connections=7", "--name", "flagged");
        assertThat(broker.port()).isPositive();
        assertThat(broker.config().maxConnections()).isEqualTo(7);
        assertThat(broker.config().serverName()).isEqualTo("flagged");
        assertThat(broker.config().httpPort()).isEqualTo(-1);
    }

    @Test
    void editingTheFile_appliesReloadableSettings() throws Exception {
        Path f = dir.resolve("s.ini");
        Files.writeString(f, BASE.formatted("disconnect", "false"));
        Broker broker = start(f);
        assertThat(broker.config().slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.DISCONNECT);

        org.slf4j.Logger probe = LoggerFactory.getLogger("reload.probe");
        assertThat(probe.isDebugEnabled()).isFalse();
        Files.writeString(
                f,
                BASE.formatted("drop_oldest", "true") + "[logging]\nlogger.reload.probe = debug\n");
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                broker.config().slowConsumerPolicy()
                                        == SlowConsumerPolicy.DROP_OLDEST);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> server.reloader.current().features().getOrDefault("shiny", false));
        assertThat(probe.isDebugEnabled()).isTrue();

        // an editor that writes a new file and renames it over the old one
        Path tmp = dir.resolve("s.ini.tmp");
        Files.writeString(tmp, BASE.formatted("drop_newest", "true"));
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                broker.config().slowConsumerPolicy()
                                        == SlowConsumerPolicy.DROP_NEWEST);
    }

    @Test
    void badEdit_isRejected_andTheRunningConfigKept() throws Exception {
        Path f = dir.resolve("s.ini");
        Files.writeString(f, BASE.formatted("disconnect", "false"));
        Broker broker = start(f);

        Files.writeString(f, BASE.formatted("sometimes", "false"));
        await().atMost(Duration.ofSeconds(20)).until(() -> logged("configuration change rejected"));
        assertThat(logged("messaging.slow_consumer_policy = \"sometimes\"")).isTrue();
        assertThat(broker.config().slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.DISCONNECT);

        Files.writeString(f, BASE.formatted("drop_oldest", "false"));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                broker.config().slowConsumerPolicy()
                                        == SlowConsumerPolicy.DROP_OLDEST);
    }

    @Test
    void nonReloadableEdit_isReported_andNotApplied() throws Exception {
        Path f = dir.resolve("s.ini");
        Files.writeString(f, BASE.formatted("disconnect", "false"));
        Broker broker = start(f);

        Files.writeString(
                f,
                BASE.formatted("drop_newest", "false")
                        .replace("server_name = first", "server_name = second"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> logged("needs a restart: [network.server_name]"));
        assertThat(broker.config().serverName()).isEqualTo("first");
        assertThat(broker.config().slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.DROP_NEWEST);
        assertThat(server.reloader.current().string("network.server_name")).isEqualTo("first");
    }
}
