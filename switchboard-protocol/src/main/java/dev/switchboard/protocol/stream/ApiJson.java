package dev.switchboard.protocol.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of the stream API: snake_case fields, lower-case enum values, dates as RFC 3339 strings.
 * Requests are read strictly (an unknown field is a {@link ApiError#BAD_REQUEST} naming it);
 * replies leniently (a newer broker may add fields). Thread-safe.
 */
public final class ApiJson {
    private static final ObjectMapper STRICT = mapper(true);
    private static final ObjectMapper LENIENT = mapper(false);

    private ApiJson() {}

    private static ObjectMapper mapper(boolean strict) {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
                // Record components are the JSON; helpers like ConsumerConfig.isPush() are not.
                .configure(MapperFeature.AUTO_DETECT_IS_GETTERS, false)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .build();
    }

    /**
     * @param value a record of this package (or a map)
     * @return its JSON
     */
    public static byte[] write(Object value) {
        try {
            return LENIENT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a request body strictly. An empty body reads as an empty object.
     *
     * @param json the body
     * @param type the record type
     * @param <T> the type
     * @return the value
     * @throws StreamApiException {@link ApiError#BAD_REQUEST} saying what is wrong
     */
    public static <T> T readRequest(byte[] json, Class<T> type) {
        try {
            return STRICT.readValue(json.length == 0 ? "{}".getBytes() : json, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StreamApiException(ApiError.BAD_REQUEST, cause.getMessage());
        } catch (IOException e) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST, "invalid JSON body: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Reads a reply: an error body becomes an exception.
     *
     * @param json the reply
     * @param type the expected record type
     * @param <T> the type
     * @return the value
     * @throws StreamApiException the error the broker answered, or {@link ApiError#BAD_REQUEST} if
     *     the reply is not valid JSON of that type
     */
    public static <T> T readReply(byte[] json, Class<T> type) {
        try {
            JsonNode node = LENIENT.readTree(json);
            throwIfError(node);
            return LENIENT.treeToValue(node, type);
        } catch (IOException e) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST, "invalid reply: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Reads a reply as a tree (for listings and generic tools).
     *
     * @param json the reply
     * @return its tree
     * @throws StreamApiException the error the broker answered
     */
    public static JsonNode readTree(byte[] json) {
        try {
            JsonNode node = LENIENT.readTree(json);
            throwIfError(node);
            return node;
        } catch (IOException e) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST, "invalid reply: " + firstLine(e.getMessage()));
        }
    }

    /**
     * @param node a tree
     * @param type a record type
     * @param <T> the type
     * @return the tree as that type
     */
    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return LENIENT.treeToValue(node, type);
        } catch (IOException e) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST, "invalid reply: " + firstLine(e.getMessage()));
        }
    }

    private static void throwIfError(JsonNode node) {
        JsonNode err = node == null ? null : node.get("error");
        if (err != null && err.isObject()) {
            throw new StreamApiException(
                    err.path("code").asInt(ApiError.BAD_REQUEST.code()),
                    err.path("description").asText("error"));
        }
    }

    /**
     * @param code the error
     * @param description what went wrong
     * @return an error body
     */
    public static byte[] error(int code, String description) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("description", description);
        return write(Map.of("error", e));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
