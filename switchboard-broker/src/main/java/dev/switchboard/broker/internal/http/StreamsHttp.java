package dev.switchboard.broker.internal.http;

import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.broker.internal.stream.StreamApi;
import dev.switchboard.protocol.stream.ApiError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stream part of the HTTP admin API: REST paths mapped onto the same {@code $SYS.API.}
 * operations the protocol offers (docs/STREAMS.md), answered with the same JSON.
 *
 * <pre>
 * GET    /v1/streams                                 STREAM.LIST
 * GET    /v1/streams/{s}                             STREAM.INFO
 * POST   /v1/streams/{s}        (StreamConfig)       STREAM.CREATE
 * PUT    /v1/streams/{s}        (StreamConfig)       STREAM.UPDATE
 * DELETE /v1/streams/{s}                             STREAM.DELETE
 * POST   /v1/streams/{s}/purge  (PurgeRequest)       STREAM.PURGE
 * GET    /v1/streams/{s}/messages/{seq}              STREAM.MSG.GET
 * DELETE /v1/streams/{s}/messages/{seq}              STREAM.MSG.DELETE
 * GET    /v1/streams/{s}/consumers                   CONSUMER.LIST
 * GET    /v1/streams/{s}/consumers/{c}               CONSUMER.INFO
 * POST   /v1/streams/{s}/consumers/{c} (config)      CONSUMER.CREATE
 * DELETE /v1/streams/{s}/consumers/{c}               CONSUMER.DELETE
 * </pre>
 *
 * Error bodies map to HTTP statuses: not found 404, exists 409, bad request 400, disabled 503,
 * others 500.
 */
final class StreamsHttp {
    private static final Pattern PATH =
            Pattern.compile(
                    "/v1/streams(?:/([A-Za-z0-9_-]+)(?:/(purge|messages|consumers)(?:/([A-Za-z0-9_-]+))?)?)?/?");
    private static final Pattern ERROR_CODE = Pattern.compile("^\\{\"error\":\\{\"code\":(\\d+)");

    private final StreamApi api;

    StreamsHttp(StreamApi api) {
        this.api = api;
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            Matcher m = PATH.matcher(ex.getRequestURI().getPath());
            if (!m.matches()) {
                send(ex, 404, error(ApiError.BAD_REQUEST, "no such endpoint"));
                return;
            }
            String stream = m.group(1);
            String sub = m.group(2);
            String id = m.group(3);
            byte[] body = ex.getRequestBody().readAllBytes();
            String subject = subject(method, stream, sub, id);
            if (subject == null) {
                send(ex, 405, error(ApiError.BAD_REQUEST, method + " is not allowed here"));
                return;
            }
            if ("messages".equals(sub)) {
                body = ("{\"seq\":" + Long.parseLong(id) + "}").getBytes(StandardCharsets.UTF_8);
            }
            byte[] answer = api.call(subject, body);
            send(ex, status(answer), answer);
        } catch (NumberFormatException e) {
            send(ex, 400, error(ApiError.BAD_REQUEST, "a message sequence must be a number"));
        }
    }

    private static String subject(String method, String stream, String sub, String id) {
        if (stream == null) {
            return method.equals("GET") ? "$SYS.API.STREAM.LIST" : null;
        }
        if (sub == null) {
            return switch (method) {
                case "GET" -> "$SYS.API.STREAM.INFO." + stream;
                case "POST" -> "$SYS.API.STREAM.CREATE." + stream;
                case "PUT" -> "$SYS.API.STREAM.UPDATE." + stream;
                case "DELETE" -> "$SYS.API.STREAM.DELETE." + stream;
                default -> null;
            };
        }
        return switch (sub) {
            case "purge" ->
                    method.equals("POST") && id == null ? "$SYS.API.STREAM.PURGE." + stream : null;
            case "messages" ->
                    id == null
                            ? null
                            : switch (method) {
                                case "GET" -> "$SYS.API.STREAM.MSG.GET." + stream;
                                case "DELETE" -> "$SYS.API.STREAM.MSG.DELETE." + stream;
                                default -> null;
                            };
            case "consumers" -> {
                if (id == null) {
                    yield method.equals("GET") ? "$SYS.API.CONSUMER.LIST." + stream : null;
                }
                yield switch (method) {
                    case "GET" -> "$SYS.API.CONSUMER.INFO." + stream + "." + id;
                    case "POST", "PUT" -> "$SYS.API.CONSUMER.CREATE." + stream + "." + id;
                    case "DELETE" -> "$SYS.API.CONSUMER.DELETE." + stream + "." + id;
                    default -> null;
                };
            }
            default -> null;
        };
    }

    private static int status(byte[] answer) {
        Matcher m =
                ERROR_CODE.matcher(
                        new String(answer, 0, Math.min(answer.length, 40), StandardCharsets.UTF_8));
        if (!m.find()) {
            return 200;
        }
        ApiError e = ApiError.of(Integer.parseInt(m.group(1)));
        if (e == null) {
            return 500;
        }
        return switch (e) {
            case NO_STREAM, CONSUMER_NOT_FOUND, MESSAGE_NOT_FOUND -> 404;
            case STREAM_EXISTS, CONSUMER_EXISTS, SUBJECT_OVERLAP -> 409;
            case BAD_REQUEST, WRONG_CONSUMER_KIND -> 400;
            case STREAMS_DISABLED -> 503;
            default -> 500;
        };
    }

    private static byte[] error(ApiError e, String text) {
        return dev.switchboard.protocol.stream.ApiJson.error(e.code(), text);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
