package dev.switchboard.broker.internal.stream;

import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.StreamConfig;
import java.time.Instant;

/**
 * What the broker saves with a stream's storage (its opaque metadata): the definition and the
 * creation time, as JSON.
 *
 * @param config the definition
 * @param created when it was created (RFC 3339)
 */
record StreamMeta(StreamConfig config, String created) {
    Instant createdAt() {
        return Instant.parse(created);
    }

    static byte[] encode(StreamConfig config, Instant created) {
        return ApiJson.write(new StreamMeta(config, created.toString()));
    }

    static StreamMeta decode(byte[] bytes) {
        return ApiJson.readReply(bytes, StreamMeta.class);
    }
}
