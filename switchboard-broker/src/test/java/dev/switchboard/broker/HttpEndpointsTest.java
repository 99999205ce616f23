package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.QueueMode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP listener: health, readiness, Prometheus metrics and the JSON admin API. */
class HttpEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private Broker start() {
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .httpPort(0)
                                .serverName("http-test")
                                .build());
        return broker;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + broker.httpPort() + path);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/plain; version=0.0.4");
        return PrometheusText.parse(r.body());
    }

    @Test
    void healthAndReadiness_answer200_withAStatus() throws Exception {
        start();
        assertThat(broker.httpPort()).isPositive().isNotEqualTo(broker.port());

        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void readiness_turns503_atTheStartOfAGracefulShutdown_whileLivenessStays200() throws Exception {
        start();
        RawClient c = RawClient.tcp(broker.port());
        CompletableFuture<Void> stopping;
        try {
            c.handshake();
            stopping = CompletableFuture.runAsync(() -> broker.shutdown(Duration.ofSeconds(10)));
            assertThat(c.next()).isInstanceOf(Frame.GoAway.class); // the grace period has begun

            HttpResponse<String> ready = get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.get("status").asText()).isEqualTo("not_ready");
            assertThat(body.get("reason").asText()).isEqualTo("shutting down");
            assertThat(get("/healthz").statusCode()).isEqualTo(200);
            assertThat(stopping).isNotDone(); // still draining: the client holds on
        } finally {
            c.close();
        }
        stopping.get(5, TimeUnit.SECONDS);
        URI gone = uri("/healthz");
        broker = null;
        assertThatThrownBy(
                        () ->
                                HTTP.send(
                                        HttpRequest.newBuilder(gone).build(),
                                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class); // the listener closed with the broker
    }

    @Test
    void readiness_turns503_whileTheBrokerHoldsMaxConnections() throws Exception {
        broker = Broker.start(BrokerConfig.builder().port(0).httpPort(0).maxConnections(1).build());
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            HttpResponse<String> full = get("/readyz");
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(full.body()).get("reason").asText())
                    .isEqualTo("at max_connections (1)");
        }
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> get("/readyz").statusCode() == 200);
    }

    @Test
    void metrics_followThePrometheusTextFormat_andMoveWithTraffic() throws Exception {
        start();
        PrometheusText before = scrape();
        assertThat(before.types)
                .containsEntry("switchboard_connections", "gauge")
                .containsEntry("switchboard_connections_accepted_total", "counter")
                .containsEntry("switchboard_connections_refused_total", "counter")
                .containsEntry("switchboard_messages_in_total", "counter")
                .containsEntry("switchboard_messages_out_total", "counter")
                .containsEntry("switchboard_payload_in_bytes_total", "counter")
                .containsEntry("switchboard_payload_out_bytes_total", "counter")
                .containsEntry("switchboard_subscriptions", "gauge")
                .containsEntry("switchboard_slow_consumers_total", "counter")
                .containsEntry("switchboard_messages_dropped_total", "counter")
                .containsEntry("switchboard_no_responders_total", "counter")
                .containsEntry("switchboard_protocol_errors_total", "counter")
                .containsEntry("switchboard_auth_failures_total", "counter")
                .containsEntry("switchboard_outbound_pending_bytes", "gauge")
                .containsEntry("switchboard_outbound_pending_max_bytes", "gauge")
                .containsEntry("switchboard_system_queue_tasks", "gauge")
                .containsKeys(
                        "jvm_memory_used_bytes",
                        "jvm_gc_memory_allocated_bytes_total",
                        "jvm_threads_live_threads",
                        "jvm_classes_loaded_classes",
                        "process_uptime_seconds",
                        "system_cpu_count",
                        "netty_allocator_memory_used",
                        "netty_eventexecutor_tasks_pending");
        assertThat(
                        before.value(
                                "switchboard_messages_dropped_total",
                                Map.of("cause", "slow_consumer")))
                .hasValue(0.0);
        assertThat(
                        before.value(
                                "switchboard_messages_dropped_total",
                                Map.of("cause", "system_queue_full")))
                .hasValue(0.0);
        double in0 = before.value("switchboard_messages_in_total");
        double out0 = before.value("switchboard_messages_out_total");
        double bytesIn0 = before.value("switchboard_payload_in_bytes_total");
        // Micrometer holds function meters' state weakly; the meters must survive a collection.
        System.gc();

        try (RawClient sub = RawClient.tcp(broker.port());
                RawClient pub = RawClient.tcp(broker.port())) {
            sub.handshake();
            pub.handshake();
            sub.send(new Frame.Sub(1, "metrics.>", null, QueueMode.ROUND_ROBIN, null));
            sub.flush();
            for (int i = 0; i < 3; i++) {
                pub.send(new Frame.Pub("metrics.x", null, Headers.EMPTY, new byte[100], false));
            }
            pub.flush();
            for (int i = 0; i < 3; i++) {
                assertThat(sub.next()).isInstanceOf(Frame.Msg.class);
            }

            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(
                            () -> {
                                PrometheusText now = scrape();
                                assertThat(now.value("switchboard_messages_in_total"))
                                        .isGreaterThanOrEqualTo(in0 + 3);
                                assertThat(now.value("switchboard_messages_out_total"))
                                        .isGreaterThanOrEqualTo(out0 + 3);
                                assertThat(now.value("switchboard_payload_in_bytes_total"))
                                        .isGreaterThanOrEqualTo(bytesIn0 + 300);
                                assertThat(now.value("switchboard_connections")).isEqualTo(2);
                                assertThat(now.value("switchboard_connections_accepted_total"))
                                        .isGreaterThanOrEqualTo(2);
                            });
        }
    }

    @Test
    void metrics_speakOpenMetrics_whenTheScraperAsks() throws Exception {
        start();
        HttpResponse<String> r =
                get("/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/openmetrics-text");
        assertThat(r.body()).contains("# TYPE switchboard_messages_in counter").endsWith("# EOF\n");
    }

    @Test
    void adminEndpoints_serveTheSysData() throws Exception {
        start();
        try (RawClient a = RawClient.tcp(broker.port());
                RawClient b = RawClient.tcp(broker.port())) {
            long aId = a.hello("alice", null) instanceof Frame.Welcome w ? w.connectionId() : -1;
            long bId = ((Frame.Welcome) b.hello("bob", null)).connectionId();
            a.send(new Frame.Sub(1, "orders.>", "billing", QueueMode.ROUND_ROBIN, null));
            a.send(new Frame.Sub(2, "orders.>", null, QueueMode.ROUND_ROBIN, null));
            b.send(new Frame.Sub(7, "orders.>", "billing", QueueMode.ROUND_ROBIN, null));
            b.send(new Frame.Sub(8, "audit", null, QueueMode.ROUND_ROBIN, null));
            a.flush();
            b.flush();
            b.send(new Frame.Pub("audit", null, Headers.EMPTY, new byte[10], false));
            b.send(new Frame.Pub("audit", null, Headers.EMPTY, new byte[10], false));
            b.flush(); // its own two MSGs arrive before the PONG (and are skipped)

            JsonNode server = getJson("/v1/server");
            assertThat(server.get("server_name").asText()).isEqualTo("http-test");
            assertThat(server.get("connections").asInt()).isEqualTo(2);
            assertThat(server.get("msgs_in").asLong()).isEqualTo(2);
            assertThat(server.fieldNames())
                    .toIterable()
                    .contains("server_id", "version", "uptime_ms", "slow_consumers");

            JsonNode conns = getJson("/v1/connections");
            assertThat(conns.get("total").asInt()).isEqualTo(2);
            assertThat(conns.get("count").asInt()).isEqualTo(2);
            assertThat(conns.get("connections").get(0).get("id").asLong())
                    .isEqualTo(Math.min(aId, bId)); // by id; ids follow accept order per loop
            assertThat(conns.get("connections").get(0).fieldNames())
                    .toIterable()
                    .contains(
                            "name",
                            "remote",
                            "transport",
                            "msgs_in",
                            "msgs_out",
                            "pending_bytes",
                            "dropped",
                            "slow_consumer_events");

            JsonNode busiest = getJson("/v1/connections?sort=msgs_out&limit=1");
            assertThat(busiest.get("total").asInt()).isEqualTo(2);
            assertThat(busiest.get("count").asInt()).isEqualTo(1);
            JsonNode top = busiest.get("connections").get(0);
            assertThat(top.get("id").asLong()).isEqualTo(bId);
            assertThat(top.get("msgs_out").asLong()).isEqualTo(2);
            JsonNode second = getJson("/v1/connections?sort=msgs_out&offset=1&limit=1");
            assertThat(second.get("connections").get(0).get("id").asLong()).isEqualTo(aId);

            JsonNode subs = getJson("/v1/subscriptions");
            assertThat(subs.get("count").asInt()).isEqualTo(4);
            assertThat(subs.toString()).contains("\"pattern\":\"audit\"");

            JsonNode routes = getJson("/v1/routes");
            assertThat(routes.get("count").asInt()).isEqualTo(2);
            JsonNode audit = routes.get("routes").get(0);
            assertThat(audit.get("pattern").asText()).isEqualTo("audit");
            assertThat(audit.get("subscribers").asInt()).isEqualTo(1);
            JsonNode orders = routes.get("routes").get(1);
            assertThat(orders.get("pattern").asText()).isEqualTo("orders.>");
            assertThat(orders.get("subscribers").asInt()).isEqualTo(1);
            assertThat(orders.get("queue_groups").get(0).get("queue_group").asText())
                    .isEqualTo("billing");
            assertThat(orders.get("queue_groups").get(0).get("members").asInt()).isEqualTo(2);

            // The $SYS subject answers the same listing. (Subscribe the inbox first: a request
            // sent before it would be answered, asynchronously, with a listing that lacks it.)
            a.send(new Frame.Sub(3, "_INBOX.a.*", null, QueueMode.ROUND_ROBIN, null));
            a.flush();
            a.send(
                    new Frame.Pub(
                            "$SYS.REQ.ROUTES", "_INBOX.a.1", Headers.EMPTY, new byte[0], true));
            Frame.Msg reply =
                    (Frame.Msg) a.readUntil(f -> f instanceof Frame.Msg m && m.sid() == 3);
            JsonNode sysRoutes = JSON.readTree(reply.payload());
            assertThat(sysRoutes.get("routes").toString()).contains("\"pattern\":\"_INBOX.a.*\"");
            assertThat(sysRoutes.get("routes").get(1).get("pattern").asText()).isEqualTo("audit");
        }
    }

    @Test
    void errors_unknownPath404_otherMethods405_badParameters400() throws Exception {
        start();
        HttpResponse<String> missing = get("/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("/nope");

        HttpResponse<String> post =
                HTTP.send(
                        HttpRequest.newBuilder(uri("/v1/server"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

        for (String bad :
                List.of(
                        "/v1/connections?limit=x",
                        "/v1/connections?offset=-1",
                        "/v1/connections?sort=color")) {
            HttpResponse<String> r = get(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).has("error")).isTrue();
        }

        HttpResponse<Void> head =
                HTTP.send(
                        HttpRequest.newBuilder(uri("/healthz"))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
    }

    @Test
    void httpPortMinusOne_disablesTheListener() {
        broker = Broker.start(BrokerConfig.builder().port(0).httpPort(-1).build());
        assertThat(broker.httpPort()).isEqualTo(-1);
    }

    @Test
    void aTakenHttpPort_failsTheStart_andReleasesTheBrokerPort() {
        start();
        int taken = broker.httpPort();
        assertThatThrownBy(
                        () -> Broker.start(BrokerConfig.builder().port(0).httpPort(taken).build()))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("HTTP listener")
                .hasMessageContaining(String.valueOf(taken));
    }
}
