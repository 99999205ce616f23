package dev.switchboard.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.broker.SlowConsumerPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("switchboard.ini");
        Files.writeString(f, text);
        return f;
    }

    private static ConfigLoader.Result load(Path f, Map<String, String> env, String... sets) {
        return ConfigLoader.load(
                f, env, List.of(sets).stream().map(ConfigLoader.Override::set).toList());
    }

    @Test
    void noFile_givesTheDefaults_fromTheTable() {
        ConfigLoader.Result r = load(null, Map.of());
        assertThat(r.errors()).isEmpty();
        assertThat(r.config()).isEqualTo(EffectiveConfig.defaults());
        assertThat(r.config().get("network.listen_port").source()).isEqualTo("default");
        BrokerConfig b = BrokerSettings.toBrokerConfig(r.config());
        BrokerConfig d = BrokerConfig.defaults();
        assertThat(b.port()).isEqualTo(d.port());
        assertThat(b.maxPendingBytes()).isEqualTo(d.maxPendingBytes());
        assertThat(b.heartbeat()).isEqualTo(d.heartbeat());
        assertThat(b.limits()).isEqualTo(d.limits());
        assertThat(b.httpPort()).isEqualTo(d.httpPort());
    }

    @Test
    void precedence_fileThenEnvThenSet() throws Exception {
        Path f =
                file(
                        """
                        [network]
                        listen_port = 7500
                        max_connections = 10
                        keepalive_interval = 30s
                        [messaging]
                        slow_consumer_policy = drop_oldest
                        """);
        Map<String, String> env =
                Map.of(
                        "SWITCHBOARD_NETWORK_LISTEN_PORT", "7600",
                        "SWITCHBOARD_NETWORK_MAX_CONNECTIONS", "20",
                        "SWITCHBOARD_HOME", "/ignored",
                        "PATH", "/bin");
        ConfigLoader.Result r = load(f, env, "network.listen_port=7700");
        assertThat(r.errors()).isEmpty();
        EffectiveConfig c = r.config();
        assertThat(c.integer("network.listen_port")).isEqualTo(7700);
        assertThat(c.get("network.listen_port").source()).isEqualTo("--set");
        assertThat(c.integer("network.max_connections")).isEqualTo(20);
        assertThat(c.get("network.max_connections").source())
                .isEqualTo("env SWITCHBOARD_NETWORK_MAX_CONNECTIONS");
        assertThat(c.duration("network.keepalive_interval")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get("network.keepalive_interval").source()).isEqualTo("file " + f + ":4");
        assertThat(c.get("network.transport").source()).isEqualTo("default");

        BrokerConfig b = BrokerSettings.toBrokerConfig(c);
        assertThat(b.port()).isEqualTo(7700);
        assertThat(b.maxConnections()).isEqualTo(20);
        assertThat(b.heartbeat()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.DROP_OLDEST);
    }

    @Test
    void legacyFlags_overrideSet() {
        ConfigLoader.Result r =
                ConfigLoader.load(
                        null,
                        Map.of(),
                        List.of(
                                ConfigLoader.Override.set("network.listen_port=1"),
                                new ConfigLoader.Override("network.listen_port=2", "--port")));
        assertThat(r.config().integer("network.listen_port")).isEqualTo(2);
        assertThat(r.config().get("network.listen_port").source()).isEqualTo("--port");
    }

    @Test
    void typesParse_sizesDurationsAliasesFeaturesLoggers() throws Exception {
        Path f =
                file(
                        """
                        # comment
                        ; another
                        [messaging]
                        queue_size = 4MiB
                        max_payload = 64k
                        worker_threads = 3
                        shutdown_grace = 1500ms
                        [logging]
                        logger.dev.switchboard = DEBUG
                        [features]
                        fast_path = yes
                        """);
        ConfigLoader.Result r = load(f, Map.of("SWITCHBOARD_FEATURES_OTHER", "on"));
        assertThat(r.errors()).isEmpty();
        EffectiveConfig c = r.config();
        assertThat(c.size("messaging.max_pending")).isEqualTo(4L << 20);
        assertThat(c.get("messaging.max_pending").source()).endsWith("(as messaging.queue_size)");
        assertThat(c.size("messaging.max_payload")).isEqualTo(64L << 10);
        assertThat(c.features()).containsEntry("fast_path", true).containsEntry("other", true);
        assertThat(c.loggerLevels()).containsEntry("dev.switchboard", "debug");
        BrokerConfig b = BrokerSettings.toBrokerConfig(c);
        assertThat(b.ioThreads()).isEqualTo(3);
        assertThat(b.maxPendingBytes()).isEqualTo(4L << 20);
        assertThat(b.limits().maxPayload()).isEqualTo(64 << 10);
        assertThat(b.shutdownGrace()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void unknownKey_saysDidYouMean_withFileAndLine() throws Exception {
        Path f = file("[network]\nmax_conections = 5\n");
        assertThat(load(f, Map.of()).errors())
                .containsExactly(
                        f
                                + ":2: unknown key 'max_conections' in [network]; did you mean"
                                + " 'max_connections'?");
    }

    @Test
    void keyInTheWrongSection_namesTheRightOne() throws Exception {
        Path f = file("[network]\nmax_payload = 5\n");
        assertThat(load(f, Map.of()).errors())
                .singleElement()
                .asString()
                .endsWith("did you mean [messaging] max_payload?");
    }

    @Test
    void unknownSection_saysDidYouMean() throws Exception {
        Path f = file("[netwrk]\nlisten_port = 1\nmax_connections = 2\n");
        assertThat(load(f, Map.of()).errors())
                .containsExactly(f + ":2: unknown section [netwrk]; did you mean [network]?");
        assertThat(load(null, Map.of(), "zzz.a=1").errors())
                .containsExactly(
                        "--set: unknown section [zzz]; sections are network, messaging, storage,"
                                + " tls, auth, http, logging, database, features");
    }

    @Test
    void wrongTypes_andRanges_eachOneLine_allReported() throws Exception {
        Path f =
                file(
                        """
                        [network]
                        listen_port = 70000
                        keepalive_interval = soon
                        transport = carrier_pigeon
                        [messaging]
                        max_payload = 65MiB
                        enable_persistence = maybe
                        max_pending = 1k
                        """);
        List<String> errors = load(f, Map.of("SWITCHBOARD_HTTP_PORT", "x"), "auth.tokn=1").errors();
        assertThat(errors)
                .containsExactly(
                        f
                                + ":2: network.listen_port = \"70000\": expected an integer in [-1, 65535]",
                        f
                                + ":3: network.keepalive_interval = \"soon\": expected a duration like"
                                + " 500ms, 30s, 2m or 1h, at least 10ms",
                        f
                                + ":4: network.transport = \"carrier_pigeon\": expected one of auto,"
                                + " epoll, io_uring, nio",
                        f
                                + ":6: messaging.max_payload = \"65MiB\": expected a size like 64k or"
                                + " 1MiB, in [0, 64MiB]",
                        f + ":7: messaging.enable_persistence = \"maybe\": expected true or false",
                        f
                                + ":8: messaging.max_pending = \"1k\": expected a size like 64k or"
                                + " 1MiB, in [64KiB, 1024GiB]",
                        "env SWITCHBOARD_HTTP_PORT: http.port = \"x\": expected an integer in [-1,"
                                + " 65535]",
                        "--set: unknown key 'tokn' in [auth]; did you mean 'token'?");
    }

    @Test
    void malformedLines_andDuplicates_areErrors() throws Exception {
        Path f =
                file(
                        "orphan = 1\n[network]\nlisten_port = 1\nlisten_port = 2\njust words\n[oops\n");
        assertThat(load(f, Map.of()).errors())
                .containsExactly(
                        f + ":1: 'orphan' is outside any [section]",
                        f + ":4: [network] listen_port is set twice; keep one",
                        f + ":5: expected 'key = value' or '[section]', got 'just words'",
                        f + ":6: malformed section header '[oops'");
    }

    @Test
    void badSetSyntax_isAnError() {
        assertThat(load(null, Map.of(), "listen_port=5").errors())
                .containsExactly("--set 'listen_port=5': expected section.key=value");
    }

    @Test
    void crossField_fromTheBrokerBuilder() throws Exception {
        Path f = file("[messaging]\nmax_payload = 32MiB\nmax_pending = 32MiB\n");
        assertThat(load(f, Map.of()).errors())
                .singleElement()
                .asString()
                .startsWith(
                        f + ": maxPendingBytes (33554432) must hold at least two maximal messages");
    }

    @Test
    void crossField_noListener() {
        assertThat(load(null, Map.of(), "network.listen_port=-1").errors())
                .singleElement()
                .asString()
                .contains("the broker needs a listener");
    }

    @Test
    void persistence_needsAStorageDir_withOneClearLine() throws Exception {
        Path f = file("[messaging]\nenable_persistence = true\n[storage]\ndir =\n");
        assertThat(load(f, Map.of()).errors())
                .containsExactly(
                        "file "
                                + f
                                + ":4: enable_persistence=true needs storage.dir (where streams are"
                                + " kept)");
        assertThat(load(null, Map.of()).errors()).isEmpty(); // on by default, under ./data
    }

    @Test
    void postgresBackend_needsADatabaseUrl() throws Exception {
        assertThat(load(null, Map.of(), "storage.backend=postgres").errors())
                .singleElement()
                .asString()
                .contains("storage.backend = postgres needs [database] url");
        assertThat(
                        load(
                                        null,
                                        Map.of(),
                                        "storage.backend=postgres",
                                        "database.url=jdbc:postgresql://localhost/sb")
                                .errors())
                .isEmpty();
    }

    @Test
    void database_validatedOnlyWhenUrlIsSet() throws Exception {
        assertThat(load(null, Map.of(), "database.pool_size=5").errors()).isEmpty();
        assertThat(load(null, Map.of(), "database.url=jdbc:oracle:thin:@x").errors())
                .singleElement()
                .asString()
                .startsWith("configuration: [database] ");
        ConfigLoader.Result ok =
                load(
                        null,
                        Map.of(),
                        "database.url=jdbc:postgresql://localhost/sb",
                        "database.pool_size=4",
                        "database.retry_count=0",
                        "database.connection_timeout=2s");
        assertThat(ok.errors()).isEmpty();
        var db = DatabaseSettings.toDatabaseConfig(ok.config()).orElseThrow();
        assertThat(db.maximumPoolSize()).isEqualTo(4);
        assertThat(db.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(db.retryPolicy().maxAttempts()).isEqualTo(1);
    }

    @Test
    void tls_clientCaWithoutCert_isACrossFieldError() {
        assertThat(load(null, Map.of(), "tls.client_ca=/tmp/ca.pem").errors())
                .singleElement()
                .asString()
                .contains("tls.client_ca needs tls.cert and tls.key");
    }

    @Test
    void render_showsSources_andHidesSecrets_andParsesBack() throws Exception {
        Path f = file("[auth]\ntoken = s3cret\n[features]\nx = true\n");
        EffectiveConfig c = load(f, Map.of(), "network.listen_port=9").config();
        String ini = c.render();
        assertThat(ini)
                .contains("# --set\nlisten_port = 9\n")
                .contains("# file " + f + ":2\ntoken = ****\n")
                .contains("# default\ntransport = auto\n")
                .contains("[features]\n# file " + f + ":4\nx = true\n")
                .doesNotContain("s3cret");
        Path back = dir.resolve("back.ini");
        Files.writeString(back, ini);
        assertThat(ConfigLoader.load(back, Map.of(), List.of()).errors()).isEmpty();
    }
}
