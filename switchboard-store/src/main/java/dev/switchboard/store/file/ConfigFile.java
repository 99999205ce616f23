package dev.switchboard.store.file;

import dev.switchboard.store.DiscardPolicy;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A stream's {@code stream.conf}: {@code key=value} lines, UTF-8.
 *
 * <pre>
 * format=1
 * name=orders
 * maxMessages=-1
 * maxBytes=-1
 * maxAgeNanos=0
 * maxMessagesPerSubject=-1
 * maxMessageBytes=-1
 * discard=OLD
 * fsync=ALWAYS
 * fsyncIntervalNanos=0
 * segmentBytes=67108864
 * </pre>
 */
final class ConfigFile {
    static final String NAME = "stream.conf";

    private ConfigFile() {}

    static byte[] encode(StoreConfig c) {
        String s =
                "format=1\n"
                        + "name="
                        + c.name()
                        + "\n"
                        + "maxMessages="
                        + c.maxMessages()
                        + "\n"
                        + "maxBytes="
                        + c.maxBytes()
                        + "\n"
                        + "maxAgeNanos="
                        + c.maxAge().toNanos()
                        + "\n"
                        + "maxMessagesPerSubject="
                        + c.maxMessagesPerSubject()
                        + "\n"
                        + "maxMessageBytes="
                        + c.maxMessageBytes()
                        + "\n"
                        + "discard="
                        + c.discard()
                        + "\n"
                        + "fsync="
                        + c.fsync().mode()
                        + "\n"
                        + "fsyncIntervalNanos="
                        + c.fsync().interval().toNanos()
                        + "\n"
                        + "segmentBytes="
                        + c.segmentBytes()
                        + "\n";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException if a key is missing or a value invalid
     */
    static StoreConfig decode(byte[] bytes) {
        Map<String, String> kv = new HashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        if (!"1".equals(kv.get("format"))) {
            throw new IllegalArgumentException("unknown stream.conf format " + kv.get("format"));
        }
        FsyncPolicy.Mode mode = FsyncPolicy.Mode.valueOf(get(kv, "fsync"));
        return new StoreConfig(
                get(kv, "name"),
                num(kv, "maxMessages"),
                num(kv, "maxBytes"),
                Duration.ofNanos(num(kv, "maxAgeNanos")),
                num(kv, "maxMessagesPerSubject"),
                num(kv, "maxMessageBytes"),
                DiscardPolicy.valueOf(get(kv, "discard")),
                new FsyncPolicy(mode, Duration.ofNanos(num(kv, "fsyncIntervalNanos"))),
                num(kv, "segmentBytes"));
    }

    private static String get(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("stream.conf lacks " + key);
        }
        return v;
    }

    private static long num(Map<String, String> kv, String key) {
        return Long.parseLong(get(kv, key));
    }
}
