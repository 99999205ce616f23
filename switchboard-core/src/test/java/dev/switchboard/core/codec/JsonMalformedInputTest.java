package dev.switchboard.core.codec;

import static dev.switchboard.core.codec.MessageBytes.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input for the JSON decoder: malformed text, well-formed JSON that breaks the mapping, and
 * documents over each limit. Offsets are char offsets into the text; a crafted message is {@code
 * {"subject":"a","body":<body>}}, so a position inside the body is {@link #BODY} plus its index in
 * the body text.
 */
class JsonMalformedInputTest {
    private static final JsonCodec CODEC = JsonCodec.create();
    private static final String PREFIX = "{\"subject\":\"a\",\"body\":";

    /** Where the body text starts in {@link #message}. */
    private static final int BODY = PREFIX.length();

    static String message(String body) {
        return PREFIX + body + "}";
    }

    /** The char offset in {@code message(body)} of the first occurrence of {@code marker}. */
    static long at(String body, String marker) {
        int i = body.indexOf(marker);
        assertThat(i).as("marker %s in %s", marker, body).isNotNegative();
        return BODY + i;
    }

    static JsonCodec codec(DecodeLimits.Builder limits) {
        return JsonCodec.create(limits.build(), false);
    }

    @Test
    void craftedBaseline_decodes() {
        Message m = CODEC.decode(message("{\"x\":{\"$i8\":1},\"y\":[1,\"s\"]}"));
        assertThat(m.subject()).isEqualTo("a");
        assertThat(m.body().getInt8("x")).isEqualTo((byte) 1);
        assertThat(m.body().getList("y")).containsExactly(Value.of(1L), Value.of("s"));
    }

    @Test
    void decode_randomMutationsOfValidJson_throwOnlyCodecException() {
        Message m = TestMessages.richMessage();
        String json = CODEC.encode(m);
        assertThat(CODEC.decode(json)).isEqualTo(m);
        String alphabet = "{}[]\":,\\0123456789-+eE.$atfnulsrbi \u00e9\ud83d";
        SplittableRandom random = new SplittableRandom(20_241_126);
        List<String> escaped = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(json);
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String mutated = text.toString();
            try {
                CODEC.decode(mutated);
            } catch (CodecException e) {
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                escaped.add(i + ": " + e);
            }
        }
        assertThat(escaped).as("exceptions other than CodecException").isEmpty();
        assertThat(refused).as("most mutations are refused").isGreaterThan(10_000);
    }

    @Nested
    class Syntax {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"subject\":\"a\"", // unterminated object
                    "{\"subject\":\"a", // unterminated string
                    "{\"subject\":", // no value
                    "{\"subject\" \"a\"}", // no colon
                    "{\"subject\":\"a\",}", // trailing comma
                    "{'subject':'a'}", // single quotes
                    "{\"subject\":\"a\"/*c*/}", // comment
                    "{\"subject\":\"a\",\"body\":{\"x\":NaN}}", // non-standard number
                    "{\"subject\":\"a\",\"body\":{\"x\":01}}", // leading zero
                    "{\"subject\":\"a\",\"body\":{\"x\":\"\t\"}}", // raw control character in a
                    // string
                    "hello",
                    "}"
                })
        void decode_malformedJson_failsWithJsonSyntax(String json) {
            assertFails(() -> CODEC.decode(json), CodecError.JSON_SYNTAX);
            assertFails(
                    () -> CODEC.decode(json.getBytes(StandardCharsets.UTF_8)),
                    CodecError.JSON_SYNTAX);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\n\t "})
        void decode_emptyDocument_failsWithJsonSyntax(String json) {
            assertFails(() -> CODEC.decode(json), CodecError.JSON_SYNTAX);
            assertFails(() -> CODEC.decodeContainer(json), CodecError.JSON_SYNTAX);
        }

        @Test
        void decode_secondDocumentAfterTheMessage_failsWithJsonSyntaxAtIt() {
            String json = "{\"subject\":\"a\"} {}";
            assertFails(() -> CODEC.decode(json), CodecError.JSON_SYNTAX, 16);
            assertFails(() -> CODEC.decodeContainer("{} []"), CodecError.JSON_SYNTAX, 3);
        }

        @Test
        void decode_garbageAfterTheMessage_failsWithJsonSyntax() {
            assertFails(() -> CODEC.decode("{\"subject\":\"a\"} x"), CodecError.JSON_SYNTAX);
            assertFails(() -> CODEC.decode("{\"subject\":\"a\"}}"), CodecError.JSON_SYNTAX);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"subject\":\"a\",\"subject\":\"b\"}",
                    "{\"subject\":\"a\",\"body\":{\"x\":1,\"x\":2}}",
                    "{\"subject\":\"a\",\"body\":{\"n\":{\"x\":1,\"y\":2,\"x\":3}}}",
                    "{\"subject\":\"a\",\"headers\":{\"h\":\"1\",\"h\":\"2\"}}",
                    "{\"subject\":\"a\",\"body\":{\"$map\":{\"$x\":1,\"$x\":2}}}"
                })
        void decode_duplicateKeys_failsWithJsonSyntax(String json) {
            assertFails(() -> CODEC.decode(json), CodecError.JSON_SYNTAX);
        }

        @Test
        void decode_malformedUtf8Bytes_failsWithJsonSyntax() {
            byte[] json =
                    "{\"subject\":\"a\",\"body\":{\"x\":\"??\"}}".getBytes(StandardCharsets.UTF_8);
            int i = new String(json, StandardCharsets.US_ASCII).indexOf("??");
            json[i] = (byte) 0xC3;
            json[i + 1] = (byte) 0x28;
            assertFails(() -> CODEC.decode(json), CodecError.JSON_SYNTAX);
        }

        @Test
        void decode_numberOfFourHundredOneDigits_failsWithJsonSyntax() {
            assertFails(
                    () -> CODEC.decode(message("{\"x\":" + "9".repeat(401) + "}")),
                    CodecError.JSON_SYNTAX);
        }
    }

    @Nested
    class Mapping {
        @Test
        void decode_notAnObject_failsWithJsonMappingAtZero() {
            assertFails(() -> CODEC.decode("[]"), CodecError.JSON_MAPPING, 0);
            assertFails(() -> CODEC.decode("\"subject\""), CodecError.JSON_MAPPING, 0);
            assertFails(() -> CODEC.decodeContainer("[1]"), CodecError.JSON_MAPPING, 0);
        }

        @Test
        void decode_unknownEnvelopeField_failsWithJsonMappingAtItsValue() {
            String json = "{\"subject\":\"a\",\"colour\":1}";
            assertFails(() -> CODEC.decode(json), CodecError.JSON_MAPPING, json.indexOf('1'));
        }

        @Test
        void decode_missingSubject_failsWithJsonMapping() {
            assertFails(() -> CODEC.decode("{}"), CodecError.JSON_MAPPING, -1);
            assertFails(() -> CODEC.decode("{\"body\":{\"x\":1}}"), CodecError.JSON_MAPPING, -1);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"subject\":1}",
                    "{\"subject\":null}",
                    "{\"subject\":\"a\",\"id\":\"not-a-uuid\"}",
                    "{\"subject\":\"a\",\"id\":7}",
                    "{\"subject\":\"a\",\"type\":\"urgent\"}",
                    "{\"subject\":\"a\",\"priority\":3}",
                    "{\"subject\":\"a\",\"timestamp\":\"yesterday\"}",
                    "{\"subject\":\"a\",\"ttlMs\":\"5\"}",
                    "{\"subject\":\"a\",\"ttlMs\":1.5}",
                    "{\"subject\":\"a\",\"ttlMs\":9223372036854775808}",
                    "{\"subject\":\"a\",\"source\":\"svc\"}",
                    "{\"subject\":\"a\",\"source\":{}}",
                    "{\"subject\":\"a\",\"source\":{\"id\":\"s\",\"port\":1}}",
                    "{\"subject\":\"a\",\"traceparent\":\"00-zz\"}",
                    "{\"subject\":\"a\",\"headers\":[]}",
                    "{\"subject\":\"a\",\"headers\":{\"h\":1}}"
                })
        void decode_envelopeFieldOfWrongShape_failsWithJsonMapping(String json) {
            assertFails(() -> CODEC.decode(json), CodecError.JSON_MAPPING);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"x\"", "1", "null", "true", "{\"$i8\":1}"})
        void decode_bodyNotAContainer_failsWithJsonMapping(String body) {
            assertFails(() -> CODEC.decode(message(body)), CodecError.JSON_MAPPING);
        }

        @Test
        void decode_unknownTypeTag_failsWithJsonMappingAtItsValue() {
            String body = "{\"x\":{\"$foo\":17}}";
            assertFails(() -> CODEC.decode(message(body)), CodecError.JSON_MAPPING, at(body, "17"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"x\":{\"$i8\":1,\"y\":2}}",
                    "{\"x\":{\"$i8\":1,\"$i16\":2}}",
                    "{\"x\":{\"$bytes\":\"AA==\",\"$bytes\":\"AA==\"}}"
                })
        void decode_typeTagObjectWithTwoMembers_failsWithJsonMappingOrSyntax(String body) {
            // A repeated member is caught by the parser first (duplicate key).
            CodecError expected =
                    body.indexOf("$bytes") != body.lastIndexOf("$bytes")
                            ? CodecError.JSON_SYNTAX
                            : CodecError.JSON_MAPPING;
            assertFails(() -> CODEC.decode(message(body)), expected);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"$i32\":\"1\"}",
                    "{\"$i32\":1.5}",
                    "{\"$i32\":{}}",
                    "{\"$i16\":null}",
                    "{\"$i8\":true}",
                    "{\"$i64\":\"12x\"}",
                    "{\"$i64\":\" 12\"}",
                    "{\"$i64\":1.0}",
                    "{\"$f32\":\"nan\"}",
                    "{\"$f32\":1e39}",
                    "{\"$f64\":\"inf\"}",
                    "{\"$f64\":[]}",
                    "{\"$bytes\":1}",
                    "{\"$map\":1}",
                    "{\"$map\":[]}"
                })
        void decode_typeTagWithValueOfWrongType_failsWithJsonMapping(String value) {
            assertFails(
                    () -> CODEC.decode(message("{\"x\":" + value + "}")), CodecError.JSON_MAPPING);
        }

        @ParameterizedTest
        @ValueSource(strings = {"!!!!", "AQID$", "A", "AQ=A", "-_8=", "AQ==AQ=="})
        void decode_bytesNotStandardBase64_failsWithJsonMapping(String b64) {
            String body = "{\"x\":{\"$bytes\":\"" + b64 + "\"}}";
            assertFails(
                    () -> CODEC.decode(message(body)),
                    CodecError.JSON_MAPPING,
                    at(body, "\"" + b64));
        }

        @Test
        void decode_floatBeyondFloat64_failsWithJsonMapping() {
            assertFails(() -> CODEC.decode(message("{\"x\":1e400}")), CodecError.JSON_MAPPING);
            assertFails(
                    () -> CODEC.decode(message("{\"x\":{\"$f64\":-1e400}}")),
                    CodecError.JSON_MAPPING);
        }

        @Test
        void decode_badContainerKey_failsWithJsonMapping() {
            assertFails(() -> CODEC.decode(message("{\"\":1}")), CodecError.JSON_MAPPING);
            assertFails(
                    () -> CODEC.decode(message("{\"" + "k".repeat(256) + "\":1}")),
                    CodecError.JSON_MAPPING);
            // The parser itself refuses an unpaired surrogate in a name, so that is a syntax error.
            assertFails(() -> CODEC.decode(message("{\"\\udc00\":1}")), CodecError.JSON_SYNTAX);
            assertFails(() -> CODEC.decode(message("{\"\\ud800\":1}")), CodecError.JSON_SYNTAX);
        }

        @Test
        void decode_stringWithUnpairedSurrogateEscape_failsWithJsonMapping() {
            String body = "{\"x\":\"a\\udc00b\"}";
            assertFails(
                    () -> CODEC.decode(message(body)), CodecError.JSON_MAPPING, at(body, "\"a"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "9223372036854775808",
                    "-9223372036854775809",
                    "100000000000000000000000"
                })
        void decode_integerBeyondInt64_failsWithJsonMapping(String number) {
            String body = "{\"x\":" + number + "}";
            assertFails(
                    () -> CODEC.decode(message(body)), CodecError.JSON_MAPPING, at(body, number));
            assertFails(
                    () -> CODEC.decode(message("{\"x\":{\"$i64\":\"" + number + "\"}}")),
                    CodecError.JSON_MAPPING);
            assertFails(
                    () -> CODEC.decode(message("{\"x\":{\"$i64\":" + number + "}}")),
                    CodecError.JSON_MAPPING);
        }

        @Test
        void decode_int64AtItsBounds_decodes() {
            String body =
                    "{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"s\":{\"$i64\":\"-9223372036854775808\"}}";
            Container c = CODEC.decode(message(body)).body();
            assertThat(c.getInt64("max")).isEqualTo(Long.MAX_VALUE);
            assertThat(c.getInt64("min")).isEqualTo(Long.MIN_VALUE);
            assertThat(c.getInt64("s")).isEqualTo(Long.MIN_VALUE);
        }

        @Test
        void decode_invalidSubject_failsWithInvalidField() {
            assertFails(() -> CODEC.decode("{\"subject\":\"a..b\"}"), CodecError.INVALID_FIELD, -1);
            assertFails(() -> CODEC.decode("{\"subject\":\"\"}"), CodecError.INVALID_FIELD, -1);
            assertFails(
                    () -> CODEC.decode("{\"subject\":\"a\",\"tracestate\":\"k=v\"}"),
                    CodecError.INVALID_FIELD,
                    -1);
        }
    }

    @Nested
    class Limits {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"$i8\":300}",
                    "{\"$i8\":-129}",
                    "{\"$i16\":40000}",
                    "{\"$i16\":-32769}",
                    "{\"$i32\":2147483648}",
                    "{\"$i32\":-2147483649}"
                })
        void decode_integerNotFittingItsTag_failsWithValueOutOfRangeAtTheNumber(String value) {
            String body = "{\"x\":" + value + "}";
            String number = value.substring(value.indexOf(':') + 1, value.length() - 1);
            assertFails(
                    () -> CODEC.decode(message(body)),
                    CodecError.VALUE_OUT_OF_RANGE,
                    at(body, number));
        }

        @Test
        void decode_taggedIntegersAtTheirBounds_decode() {
            String body =
                    "{\"a\":{\"$i8\":-128},\"b\":{\"$i8\":127},\"c\":{\"$i16\":-32768},\"d\":{\"$i16\":32767},"
                            + "\"e\":{\"$i32\":-2147483648},\"f\":{\"$i32\":2147483647}}";
            Container c = CODEC.decode(message(body)).body();
            assertThat(c.getInt8("a")).isEqualTo(Byte.MIN_VALUE);
            assertThat(c.getInt8("b")).isEqualTo(Byte.MAX_VALUE);
            assertThat(c.getInt16("c")).isEqualTo(Short.MIN_VALUE);
            assertThat(c.getInt16("d")).isEqualTo(Short.MAX_VALUE);
            assertThat(c.getInt32("e")).isEqualTo(Integer.MIN_VALUE);
            assertThat(c.getInt32("f")).isEqualTo(Integer.MAX_VALUE);
        }

        @Test
        void decode_containersNestedAtDepthLimit_decodesAndOneDeeperFails() {
            JsonCodec limited = codec(DecodeLimits.builder().maxDepth(3));
            String atLimit = "{\"a\":{\"b\":{\"c\":{\"$i8\":1}}}}";
            String tooDeep = "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}";

            assertThat(
                            limited.decode(message(atLimit))
                                    .body()
                                    .getContainer("a")
                                    .getContainer("b")
                                    .getInt8("c"))
                    .isEqualTo((byte) 1);
            // The depth is checked on entering the object, at its first member.
            assertFails(
                    () -> limited.decode(message(tooDeep)),
                    CodecError.DEPTH_EXCEEDED,
                    at(tooDeep, "\"d\""));
        }

        @Test
        void decode_listsNestedAtDepthLimit_decodesAndOneDeeperFails() {
            JsonCodec limited = codec(DecodeLimits.builder().maxDepth(3));
            String atLimit = "{\"a\":[[{\"$i8\":1}]]}";
            String tooDeep = "{\"a\":[[[]]]}";

            assertThat(limited.decode(message(atLimit)).body().getList("a")).hasSize(1);
            assertFails(
                    () -> limited.decode(message(tooDeep)),
                    CodecError.DEPTH_EXCEEDED,
                    at(tooDeep, "[[]]") + 1);
        }

        @Test
        void decode_hostileNestingHundredThousandDeep_failsWithDepthExceededNotStackOverflow() {
            String body = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
            // The list at index 5 is depth 2, so depth 33 is 31 brackets further.
            assertFails(
                    () -> CODEC.decode(message(body)), CodecError.DEPTH_EXCEEDED, BODY + 5 + 31);
            String objects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
            assertFails(() -> CODEC.decode(message(objects)), CodecError.DEPTH_EXCEEDED);
        }

        @Test
        void decode_dollarKeyedContainersAtDepthLimit_roundTrip() {
            // A container whose first key starts with '$' is wrapped in {"$map": ...}: two JSON
            // levels for one level of depth, plus a tag object inside.
            DecodeLimits limits = DecodeLimits.builder().maxDepth(3).build();
            JsonCodec limited = JsonCodec.create(limits, false);
            Container inner = Container.builder().putInt8("$x", (byte) 1).build();
            Container body = inner;
            for (int d = 3; d > 1; d--) {
                body = Container.builder().put("$k", body).build();
            }
            Message m =
                    Message.builder("a")
                            .id(new MessageId(1, 2))
                            .timestamp(Instant.ofEpochSecond(1))
                            .body(body)
                            .build();

            assertThat(limited.decode(limited.encode(m))).isEqualTo(m);
            Container deep = inner;
            for (int d = DecodeLimits.DEFAULT.maxDepth(); d > 1; d--) {
                deep = Container.builder().put("$k", deep).build();
            }
            Message deepMessage = m.toBuilder().body(deep).build();
            assertThat(CODEC.decode(CODEC.encode(deepMessage))).isEqualTo(deepMessage);
        }

        @Test
        void decode_fieldsOverLimit_failsWithTooManyFieldsAtTheFirstFieldOver() {
            JsonCodec limited = codec(DecodeLimits.builder().maxFields(2));
            String two = "{\"a\":1,\"b\":2}";
            String three = "{\"a\":1,\"b\":2,\"c\":3}";
            String nested = "{\"n\":{\"$map\":{\"$a\":1,\"b\":2,\"c\":3}}}";

            assertThat(limited.decode(message(two)).body().size()).isEqualTo(2);
            assertFails(
                    () -> limited.decode(message(three)),
                    CodecError.TOO_MANY_FIELDS,
                    at(three, "\"c\""));
            assertFails(
                    () -> limited.decode(message(nested)),
                    CodecError.TOO_MANY_FIELDS,
                    at(nested, "\"c\""));
        }

        @Test
        void decode_listOverLimit_failsWithListTooLongAtTheFirstItemOver() {
            JsonCodec limited = codec(DecodeLimits.builder().maxListItems(2));
            String two = "{\"a\":[1,2]}";
            String three = "{\"a\":[1,2,3]}";

            assertThat(limited.decode(message(two)).body().getList("a")).hasSize(2);
            assertFails(
                    () -> limited.decode(message(three)), CodecError.LIST_TOO_LONG, at(three, "3"));
        }

        @Test
        void decode_headersOverLimit_failsWithTooManyHeadersAtTheFirstHeaderOver() {
            JsonCodec limited = codec(DecodeLimits.builder().maxHeaders(1));
            String one = "{\"subject\":\"a\",\"headers\":{\"h\":\"1\"}}";
            String two = "{\"subject\":\"a\",\"headers\":{\"h\":\"1\",\"i\":\"2\"}}";

            assertThat(limited.decode(one).header("h")).contains("1");
            assertFails(
                    () -> limited.decode(two), CodecError.TOO_MANY_HEADERS, two.indexOf("\"i\""));
        }

        @Test
        void decode_valuesOverLimit_failsWithTooManyValues() {
            JsonCodec limited = codec(DecodeLimits.builder().maxValues(3));
            String three = "{\"a\":[1,2]}";
            String four = "{\"a\":[1,2,3]}";

            assertThat(limited.decode(message(three)).body().getList("a")).hasSize(2);
            assertFails(
                    () -> limited.decode(message(four)), CodecError.TOO_MANY_VALUES, at(four, "3"));
        }

        @Test
        void decode_documentOverLimit_failsWithMessageTooLargeAtZero() {
            String json = message("{\"x\":1}");
            JsonCodec atLimit = codec(DecodeLimits.builder().maxMessageBytes(json.length()));
            JsonCodec belowLimit = codec(DecodeLimits.builder().maxMessageBytes(json.length() - 1));

            assertThat(atLimit.decode(json).body().getInt64("x")).isEqualTo(1);
            assertFails(() -> belowLimit.decode(json), CodecError.MESSAGE_TOO_LARGE, 0);
            assertFails(
                    () -> belowLimit.decode(json.getBytes(StandardCharsets.UTF_8)),
                    CodecError.MESSAGE_TOO_LARGE,
                    0);
            assertFails(
                    () ->
                            belowLimit.decodeContainer(
                                    "{\"x\":1,\"y\":2,\"z\":3}" + " ".repeat(json.length())),
                    CodecError.MESSAGE_TOO_LARGE,
                    0);
        }

        @Test
        void decode_stringOverLimit_failsWithStringTooLong() {
            JsonCodec limited = codec(DecodeLimits.builder().maxStringBytes(8));
            String eight = "{\"s\":\"12345678\"}";
            String nine = "{\"s\":\"123456789\"}";

            assertThat(limited.decode(message(eight)).body().getString("s")).isEqualTo("12345678");
            assertFails(
                    () -> limited.decode(message(nine)),
                    CodecError.STRING_TOO_LONG,
                    at(nine, "\"1"));
            assertFails(
                    () -> limited.decode("{\"subject\":\"a\",\"headers\":{\"h\":\"123456789\"}}"),
                    CodecError.STRING_TOO_LONG);
        }

        @Test
        void decode_bytesOverLimit_failsWithBytesTooLong() {
            JsonCodec limited = codec(DecodeLimits.builder().maxBytesLength(4));
            Message four =
                    Message.builder("a")
                            .body(Container.builder().put("b", new byte[] {1, 2, 3, 4}).build())
                            .build();
            String five = "{\"b\":{\"$bytes\":\"AQIDBAU=\"}}";
            String fiveUnpadded = "{\"b\":{\"$bytes\":\"AQIDBAU\"}}";

            // 4 bytes are 8 base64 chars with "==" padding: exactly at the limit.
            assertThat(limited.encode(four)).contains("AQIDBA==");
            assertThat(limited.decode(limited.encode(four))).isEqualTo(four);
            assertFails(
                    () -> limited.decode(message(five)),
                    CodecError.BYTES_TOO_LONG,
                    at(five, "\"AQ"));
            assertFails(
                    () -> limited.decode(message(fiveUnpadded)),
                    CodecError.BYTES_TOO_LONG,
                    at(fiveUnpadded, "\"AQ"));
        }

        @Test
        void decode_hugeBase64_failsWithBytesTooLongBeforeDecoding() {
            JsonCodec limited = codec(DecodeLimits.builder().maxBytesLength(1000));
            char[] b64 = new char[40_000];
            Arrays.fill(b64, 'A');
            String body = "{\"b\":{\"$bytes\":\"" + new String(b64) + "\"}}";
            CodecException e =
                    assertFails(() -> limited.decode(message(body)), CodecError.BYTES_TOO_LONG);
            assertThat(e.offset()).isEqualTo(at(body, "\"AAAA"));
        }
    }
}
