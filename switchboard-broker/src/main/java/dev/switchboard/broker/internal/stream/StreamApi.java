package dev.switchboard.broker.internal.stream;

import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.MsgRequest;
import dev.switchboard.protocol.stream.NextRequest;
import dev.switchboard.protocol.stream.PurgeRequest;
import dev.switchboard.protocol.stream.StoredMsg;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.store.StoredMessage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code $SYS.API.>} request handlers (docs/STREAMS.md, "Management API"): parses the subject
 * and the JSON body, calls the {@link StreamManager}, and answers on the reply subject with JSON or
 * an error body. Runs on the broker's system thread; pull requests are handed to the stream's own
 * thread.
 */
public final class StreamApi {
    private final StreamManager streams; // null: streams disabled
    private final StreamOutput out;

    /**
     * @param streams the streams, or {@code null} if the broker has no storage
     * @param out where answers go
     */
    public StreamApi(StreamManager streams, StreamOutput out) {
        this.streams = streams;
        this.out = out;
    }

    /**
     * Handles one request.
     *
     * @param subject the {@code $SYS.API.} subject
     * @param reply the reply subject, or {@code null} (then nothing is answered)
     * @param body the JSON body
     */
    public void handle(String subject, String reply, byte[] body) {
        if (subject.startsWith("$SYS.API.CONSUMER.NEXT.")) {
            byte[] error = null;
            try {
                if (streams == null) {
                    throw new StreamApiException(
                            ApiError.STREAMS_DISABLED,
                            "streams are disabled on this broker (set [storage] dir)");
                }
                dispatch(subject.substring("$SYS.API.".length()).split("\\.", -1), reply, body);
            } catch (StreamApiException e) {
                error = ApiJson.error(e.code(), stripCode(e));
            } catch (IllegalArgumentException e) {
                error = ApiJson.error(ApiError.BAD_REQUEST.code(), e.getMessage());
            }
            if (error != null && reply != null) {
                out.reply(reply, Headers.EMPTY, error);
            }
            return;
        }
        handleInto(
                subject,
                body,
                answer -> {
                    if (reply != null) {
                        out.reply(reply, Headers.EMPTY, answer);
                    }
                });
    }

    /**
     * Handles one request synchronously and returns the answer (the HTTP admin API's path). Pull
     * requests are not available this way.
     *
     * @param subject the {@code $SYS.API.} subject
     * @param body the JSON body
     * @return the JSON answer, an error body on failure
     */
    public byte[] call(String subject, byte[] body) {
        if (subject.startsWith("$SYS.API.CONSUMER.NEXT.")) {
            return ApiJson.error(
                    ApiError.BAD_REQUEST.code(),
                    "pull requests need a reply subject (use the protocol)");
        }
        byte[][] answer = new byte[1][];
        handleInto(subject, body, a -> answer[0] = a);
        return answer[0] == null
                ? ApiJson.error(ApiError.BAD_REQUEST.code(), "no answer")
                : answer[0];
    }

    private void handleInto(String subject, byte[] body, java.util.function.Consumer<byte[]> sink) {
        byte[] answer;
        try {
            if (streams == null) {
                throw new StreamApiException(
                        ApiError.STREAMS_DISABLED,
                        "streams are disabled on this broker (set [storage] dir)");
            }
            answer = dispatch(subject.substring("$SYS.API.".length()).split("\\.", -1), null, body);
        } catch (StreamApiException e) {
            answer = ApiJson.error(e.code(), stripCode(e));
        } catch (IllegalArgumentException e) {
            answer = ApiJson.error(ApiError.BAD_REQUEST.code(), e.getMessage());
        } catch (RuntimeException e) {
            answer = ApiJson.error(ApiError.STORAGE_FAILED.code(), String.valueOf(e));
        }
        sink.accept(answer);
    }

    private static String stripCode(StreamApiException e) {
        String m = e.getMessage();
        String suffix = " (" + e.code() + ")";
        return m.endsWith(suffix) ? m.substring(0, m.length() - suffix.length()) : m;
    }

    /** Returns the answer, or null when the answer is sent later (pull requests). */
    private byte[] dispatch(String[] t, String reply, byte[] body) {
        String op = t.length >= 2 ? t[0] + "." + t[1] : String.join(".", t);
        switch (op) {
            case "STREAM.LIST" -> {
                return ApiJson.write(Map.of("streams", streams.list()));
            }
            case "STREAM.CREATE" -> {
                StreamConfig cfg = ApiJson.readRequest(body, StreamConfig.class);
                return ApiJson.write(streams.create(named(cfg, arg(t, 2))));
            }
            case "STREAM.UPDATE" -> {
                StreamConfig cfg = ApiJson.readRequest(body, StreamConfig.class);
                return ApiJson.write(streams.update(named(cfg, arg(t, 2))));
            }
            case "STREAM.INFO" -> {
                return ApiJson.write(streams.info(arg(t, 2)));
            }
            case "STREAM.DELETE" -> {
                streams.delete(arg(t, 2));
                return ApiJson.write(Map.of("deleted", true));
            }
            case "STREAM.PURGE" -> {
                PurgeRequest p = ApiJson.readRequest(body, PurgeRequest.class);
                StreamRuntime rt = streams.get(arg(t, 2));
                long upTo = p.upToSeq() > 0 ? p.upToSeq() : Long.MAX_VALUE;
                long n = rt.store.purge(p.subject(), upTo);
                rt.contentsRemoved();
                return ApiJson.write(Map.of("purged", n));
            }
            case "STREAM.MSG" -> {
                return message(t, body);
            }
            case "STREAM.REPUBLISH" -> {
                return republish(arg(t, 2), body);
            }
            case "CONSUMER.CREATE" -> {
                ConsumerConfig cfg = ApiJson.readRequest(body, ConsumerConfig.class);
                String name = arg(t, 3);
                if (!cfg.name().equals(name)) {
                    throw new StreamApiException(
                            ApiError.BAD_REQUEST,
                            "consumer name '"
                                    + cfg.name()
                                    + "' differs from the subject's '"
                                    + name
                                    + "'");
                }
                return ApiJson.write(streams.get(arg(t, 2)).addConsumer(cfg));
            }
            case "CONSUMER.INFO" -> {
                return ApiJson.write(streams.get(arg(t, 2)).consumerInfo(arg(t, 3)));
            }
            case "CONSUMER.LIST" -> {
                return ApiJson.write(Map.of("consumers", streams.get(arg(t, 2)).consumerInfos()));
            }
            case "CONSUMER.DELETE" -> {
                streams.get(arg(t, 2)).deleteConsumer(arg(t, 3));
                return ApiJson.write(Map.of("deleted", true));
            }
            case "CONSUMER.NEXT" -> {
                if (reply == null) {
                    return null;
                }
                NextRequest r = ApiJson.readRequest(body, NextRequest.class);
                streams.get(arg(t, 2)).next(arg(t, 3), reply, r.batch(), r.expiresMs(), r.noWait());
                return null;
            }
            default ->
                    throw new StreamApiException(
                            ApiError.BAD_REQUEST, "unknown stream API operation '" + op + "'");
        }
    }

    private byte[] message(String[] t, byte[] body) {
        String op = arg(t, 2);
        StreamRuntime rt = streams.get(arg(t, 3));
        MsgRequest r = ApiJson.readRequest(body, MsgRequest.class);
        switch (op) {
            case "GET" -> {
                StoredMessage m =
                        r.lastBySubject() != null
                                ? rt.store.lastBySubject(r.lastBySubject())
                                : r.seq() > 0 ? rt.store.get(r.seq()) : null;
                if (m == null) {
                    throw new StreamApiException(
                            ApiError.MESSAGE_NOT_FOUND,
                            "no message "
                                    + (r.lastBySubject() != null
                                            ? "for subject '" + r.lastBySubject() + "'"
                                            : "at sequence " + r.seq())
                                    + " in stream "
                                    + rt.name);
                }
                return ApiJson.write(Map.of("message", stored(m)));
            }
            case "DELETE" -> {
                if (!rt.store.remove(r.seq())) {
                    throw new StreamApiException(
                            ApiError.MESSAGE_NOT_FOUND,
                            "no message at sequence " + r.seq() + " in stream " + rt.name);
                }
                rt.contentsRemoved();
                return ApiJson.write(Map.of("deleted", true));
            }
            default ->
                    throw new StreamApiException(
                            ApiError.BAD_REQUEST, "unknown message operation '" + op + "'");
        }
    }

    private byte[] republish(String stream, byte[] body) {
        StreamRuntime rt = streams.get(stream);
        MsgRequest r = ApiJson.readRequest(body, MsgRequest.class);
        StoredMessage m = rt.store.get(r.seq());
        if (m == null) {
            throw new StreamApiException(
                    ApiError.MESSAGE_NOT_FOUND,
                    "no message at sequence " + r.seq() + " in stream " + stream);
        }
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        if (m.headers().length > 0) {
            for (Map.Entry<String, String> h : Headers.decode(m.headers())) {
                if (!h.getKey().startsWith("Sb-Dlq-")) {
                    kept.add(h);
                }
            }
        }
        byte[] headers = kept.isEmpty() ? Headers.EMPTY : Headers.encode(kept);
        StreamRuntime target = streams.capture(m.subject());
        if (target != null) {
            target.publish(m.subject(), headers, m.payload(), null);
        }
        // Live subscribers see it too (a stream that captured it delivers it to its consumers).
        out.deliver(m.subject(), m.subject(), null, headers, m.payload());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("republished", true);
        answer.put("subject", m.subject());
        answer.put("stream", target == null ? null : target.name);
        return ApiJson.write(answer);
    }

    static StoredMsg stored(StoredMessage m) {
        List<List<String>> headers = new ArrayList<>();
        if (m.headers().length > 0) {
            for (Map.Entry<String, String> h : Headers.decode(m.headers())) {
                headers.add(List.of(h.getKey(), h.getValue()));
            }
        }
        return new StoredMsg(
                m.subject(),
                m.sequence(),
                StreamManager.time(m.timestampNanos()),
                headers,
                Base64.getEncoder().encodeToString(m.payload()));
    }

    private static StreamConfig named(StreamConfig cfg, String name) {
        if (!cfg.name().equals(name)) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST,
                    "stream name '" + cfg.name() + "' differs from the subject's '" + name + "'");
        }
        return cfg;
    }

    private static String arg(String[] t, int i) {
        if (t.length <= i || t[i].isEmpty()) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST, "the subject lacks a name at token " + (i + 3));
        }
        return t[i];
    }
}
