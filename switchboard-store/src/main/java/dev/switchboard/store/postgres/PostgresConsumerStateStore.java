package dev.switchboard.store.postgres;

import dev.switchboard.database.Database;
import dev.switchboard.store.ConsumerStateStore;
import dev.switchboard.store.internal.AbstractStreamStore;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Consumer state in {@code store_consumers}. Writes go through the stream's writer, so they commit
 * on the session that holds the stream's lock (and in order with the stream's other writes), and
 * are durable when they return; reads are queries on the pool.
 *
 * <p>Thread-safe.
 */
final class PostgresConsumerStateStore implements ConsumerStateStore {
    private final PostgresStreamStore stream;
    private final Database db;
    private final long streamId;

    PostgresConsumerStateStore(PostgresStreamStore stream, Database db, long streamId) {
        this.stream = stream;
        this.db = db;
        this.streamId = streamId;
    }

    @Override
    public void save(String consumer, byte[] state) {
        AbstractStreamStore.checkConsumerState(consumer, state);
        byte[] copy = state.clone();
        stream.await(
                stream.write(
                        (c, id) -> {
                            try (PreparedStatement ps =
                                    c.prepareStatement(
                                            "INSERT INTO store_consumers(stream_id, consumer, state)"
                                                    + " VALUES (?, ?, ?) ON CONFLICT (stream_id,"
                                                    + " consumer) DO UPDATE SET state ="
                                                    + " excluded.state")) {
                                ps.setLong(1, id);
                                ps.setString(2, consumer);
                                ps.setBytes(3, copy);
                                return ps.executeUpdate();
                            }
                        }),
                "saving consumer '" + consumer + "'");
    }

    @Override
    public byte[] load(String consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return db.queryOptional(
                        "SELECT state FROM store_consumers WHERE stream_id = ? AND consumer = ?",
                        r -> r.getBytes("state"),
                        streamId,
                        consumer)
                .orElse(null);
    }

    @Override
    public boolean delete(String consumer) {
        Objects.requireNonNull(consumer, "consumer");
        Object n =
                stream.await(
                        stream.write(
                                (c, id) -> {
                                    try (PreparedStatement ps =
                                            c.prepareStatement(
                                                    "DELETE FROM store_consumers WHERE stream_id ="
                                                            + " ? AND consumer = ?")) {
                                        ps.setLong(1, id);
                                        ps.setString(2, consumer);
                                        return ps.executeUpdate();
                                    }
                                }),
                        "deleting consumer '" + consumer + "'");
        return n instanceof Integer i && i > 0;
    }

    @Override
    public List<String> names() {
        List<String> out =
                new ArrayList<>(
                        db.query(
                                "SELECT consumer FROM store_consumers WHERE stream_id = ?",
                                r -> r.getString("consumer"),
                                streamId));
        out.sort(null); // Java's order, not the database collation's
        return out;
    }
}
