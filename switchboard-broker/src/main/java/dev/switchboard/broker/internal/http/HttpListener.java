package dev.switchboard.broker.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.broker.internal.Json;
import dev.switchboard.broker.internal.SystemService;
import dev.switchboard.broker.internal.stream.StreamApi;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's HTTP listener for operators: health, readiness, Prometheus metrics and a read-only
 * JSON admin API over the same data as the {@code $SYS.REQ.*} subjects.
 *
 * <pre>
 * GET /healthz           200 {"status":"ok"} while the broker runs (liveness)
 * GET /readyz            200 {"status":"ready"}; 503 {"status":"not_ready","reason":...}
 *                        from the first moment of a shutdown, or at max_connections
 * GET /metrics           Prometheus text 0.0.4, or OpenMetrics if the Accept header asks
 * GET /v1/server         = $SYS.REQ.SERVER.INFO
 * GET /v1/connections    = $SYS.REQ.CONNECTIONS, with ?sort=&amp;offset=&amp;limit=
 * GET /v1/subscriptions  = $SYS.REQ.SUBSCRIPTIONS
 * GET /v1/routes         = $SYS.REQ.ROUTES
 * </pre>
 *
 * HEAD is answered like GET without a body; other methods get 405, unknown paths 404, bad query
 * parameters 400, all with a JSON {@code {"error": ...}} body.
 *
 * <p>Runs on the JDK's {@code com.sun.net.httpserver} with two daemon threads of its own, never on
 * the broker's event loops: a slow scrape cannot delay message routing. Thread-safety: {@link
 * #close} may be called from any thread, once.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    private static final String JSON = "application/json";
    private static final int DEFAULT_LIMIT = 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SystemService system;
    private final BrokerMetrics metrics;
    private final Supplier<String> notReady;

    /**
     * Binds and starts the listener.
     *
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param system the data of the admin endpoints
     * @param metrics the registry {@code /metrics} scrapes
     * @param notReady why the broker is not ready, or {@code null} when it is
     * @param streams the stream API behind {@code /v1/streams}
     * @throws UncheckedIOException if the address cannot be bound
     */
    public HttpListener(
            String host,
            int port,
            SystemService system,
            BrokerMetrics metrics,
            Supplier<String> notReady,
            StreamApi streams) {
        this.system = system;
        this.metrics = metrics;
        this.notReady = notReady;
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot bind the HTTP listener on " + host + ":" + port + ": " + e.getMessage(),
                    e);
        }
        AtomicInteger n = new AtomicInteger();
        this.executor =
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t = new Thread(r, "switchboard-http-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.createContext("/v1/streams", new StreamsHttp(streams)::handle);
        server.start();
    }

    /**
     * @return the bound port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening, lets exchanges in progress finish (up to a second), frees the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, error("method " + method + " not allowed; use GET"));
                return;
            }
            try {
                route(ex, path, query(ex.getRequestURI().getRawQuery()));
            } catch (IllegalArgumentException e) {
                send(ex, 400, error(e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("HTTP {} {} failed", method, path, e);
                send(ex, 500, error("internal error: " + e));
            }
        }
    }

    private void route(HttpExchange ex, String path, Map<String, String> q) throws IOException {
        switch (path) {
            case "/healthz" -> send(ex, 200, Map.of("status", "ok"));
            case "/readyz" -> {
                String reason = notReady.get();
                if (reason == null) {
                    send(ex, 200, Map.of("status", "ready"));
                } else {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "not_ready");
                    body.put("reason", reason);
                    send(ex, 503, body);
                }
            }
            case "/metrics" -> {
                String type = BrokerMetrics.contentType(ex.getRequestHeaders().getFirst("Accept"));
                send(ex, 200, type, metrics.scrape(type));
            }
            case "/v1/server" -> send(ex, 200, system.serverInfo());
            case "/v1/connections" ->
                    send(
                            ex,
                            200,
                            system.connections(
                                    q.getOrDefault("sort", "id"),
                                    intParam(q, "offset", 0),
                                    intParam(q, "limit", DEFAULT_LIMIT)));
            case "/v1/subscriptions" -> send(ex, 200, system.subscriptions());
            case "/v1/routes" -> send(ex, 200, system.routes());
            case "/", "/v1" -> send(ex, 200, Map.of("endpoints", ENDPOINTS));
            default -> send(ex, 404, error("no such endpoint: " + path + "; see " + ENDPOINTS));
        }
    }

    private static final List<String> ENDPOINTS =
            List.of(
                    "/healthz",
                    "/readyz",
                    "/metrics",
                    "/v1/server",
                    "/v1/connections",
                    "/v1/subscriptions",
                    "/v1/routes",
                    "/v1/streams");

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void send(HttpExchange ex, int status, Object json) throws IOException {
        send(ex, status, JSON, Json.write(json));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(
                    URLDecoder.decode(k, StandardCharsets.UTF_8),
                    URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    private static int intParam(Map<String, String> q, String name, int otherwise) {
        String v = q.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
        }
    }
}
