package dev.switchboard.core.testkit;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Endpoint;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageId;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import dev.switchboard.core.message.TraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of random values, containers and messages covering every type and its edges
 * (extreme integers, NaN, -0.0, infinities, empty and non-ASCII strings, supplementary characters,
 * empty and nested collections). The same seed always gives the same data.
 */
public final class RandomValues {
    private static final long[] EDGE_LONGS = {
        0,
        1,
        -1,
        7,
        -8,
        14,
        15,
        -15,
        63,
        64,
        127,
        128,
        -129,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        1L << 53,
        -(1L << 53),
        (1L << 53) + 1
    };
    private static final double[] EDGE_DOUBLES = {
        0.0,
        -0.0,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        1e-300,
        0.1,
        129.99
    };
    private static final float[] EDGE_FLOATS = {
        0.0f,
        -0.0f,
        Float.NaN,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE,
        Float.MAX_VALUE,
        0.1f,
        3.4028235e38f,
        1.17549435E-38f
    };
    private static final String[] ALPHABETS = {
        "abcdefghijklmnopqrstuvwxyz0123456789-_.$",
        "äöüßéèçñ€£¥",
        "日本語中文한국어",
        "\uD83D\uDE00\uD83D\uDE80\uD834\uDD1E", // supplementary: emoji, G clef
        "\u0000\u0001\t\n\"\\/\u007F\uFFFD\uFEFF\uE000\uFFFF"
    };

    private final Random random;

    /**
     * @param seed the seed
     */
    public RandomValues(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param maxDepth how deep nested containers and lists may go (1 = no nesting)
     * @return a random container
     */
    public Container container(int maxDepth) {
        int n = random.nextInt(8);
        Container.Builder b = Container.builder();
        for (int i = 0; i < n; i++) {
            b.put(key(), value(maxDepth - 1));
        }
        return b.build();
    }

    /**
     * @return a random non-empty key of at most 40 chars
     */
    public String key() {
        String s = string(1 + random.nextInt(40));
        return s.isEmpty() ? "k" : s;
    }

    /**
     * @param maxLength the most chars (a supplementary character counts 2)
     * @return a random well-formed string
     */
    public String string(int maxLength) {
        String alphabet = ALPHABETS[random.nextInt(ALPHABETS.length)];
        int length = random.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(length);
        int[] cps = alphabet.codePoints().toArray();
        while (sb.length() < length) {
            int cp = cps[random.nextInt(cps.length)];
            if (sb.length() + Character.charCount(cp) > length) {
                break;
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /**
     * @param depthLeft how many more levels of nesting are allowed
     * @return a random value
     */
    public Value value(int depthLeft) {
        int kind = random.nextInt(depthLeft > 0 ? 12 : 10);
        return switch (kind) {
            case 0 -> random.nextInt(4) == 0 ? Value.NULL : Value.of(random.nextBoolean());
            case 1 -> new Value.Int8((byte) integer());
            case 2 -> new Value.Int16((short) integer());
            case 3 -> Value.of((int) integer());
            case 4 -> Value.of(integer());
            case 5 ->
                    Value.of(
                            random.nextInt(3) == 0
                                    ? EDGE_FLOATS[random.nextInt(EDGE_FLOATS.length)]
                                    : (float) random.nextGaussian() * 1000);
            case 6 ->
                    Value.of(
                            random.nextInt(3) == 0
                                    ? EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)]
                                    : random.nextGaussian() * 1e6);
            case 7, 8 -> Value.of(string(random.nextInt(5) == 0 ? 300 : 20));
            case 9 -> {
                byte[] bytes = new byte[random.nextInt(5) == 0 ? 500 : random.nextInt(20)];
                random.nextBytes(bytes);
                yield Value.of(bytes);
            }
            case 10 -> Value.of(container(depthLeft));
            default -> {
                int n = random.nextInt(6);
                List<Value> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(value(depthLeft - 1));
                }
                yield Value.of(items);
            }
        };
    }

    private long integer() {
        return switch (random.nextInt(3)) {
            case 0 -> EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
            case 1 -> random.nextInt(200) - 100;
            default -> random.nextLong() >> random.nextInt(64);
        };
    }

    /**
     * @return a random message with random optional envelope fields and a random body
     */
    public Message message() {
        Message.Builder b =
                Message.builder(subject())
                        .id(new MessageId(random.nextLong(), random.nextLong()))
                        .type(MessageType.values()[random.nextInt(MessageType.values().length)])
                        .priority(Priority.values()[random.nextInt(Priority.values().length)])
                        .timestamp(
                                Instant.ofEpochSecond(
                                        random.nextInt(2_000_000_000),
                                        random.nextInt(1_000_000_000)));
        if (random.nextBoolean()) {
            b.ttl(Duration.ofMillis(1 + random.nextInt(1_000_000)));
        }
        if (random.nextBoolean()) {
            b.correlationId("c" + string(20));
        }
        if (random.nextBoolean()) {
            b.source(
                    Endpoint.of(
                            "svc-" + random.nextInt(100), random.nextBoolean() ? "" : string(10)));
        }
        if (random.nextBoolean()) {
            b.target(Endpoint.of(key(), string(10)));
        }
        if (random.nextBoolean()) {
            b.trace(
                    new TraceContext(
                            random.nextLong() | 1,
                            random.nextLong(),
                            random.nextLong() | 1,
                            (byte) random.nextInt(2)));
            if (random.nextBoolean()) {
                b.traceState("vendor=" + random.nextInt(1000));
            }
        }
        int headers = random.nextInt(4);
        for (int i = 0; i < headers; i++) {
            b.header(key(), string(30));
        }
        return b.body(container(4)).build();
    }

    private String subject() {
        int tokens = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append("t").append(random.nextInt(50));
        }
        return sb.toString();
    }
}
