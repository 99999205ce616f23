package dev.switchboard.store.postgres;

import dev.switchboard.store.DiscardPolicy;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A {@link StoreConfig} as columns of {@code store_streams} (V1__streams.sql), so an operator can
 * read a stream's limits with SQL. Stateless.
 */
final class StreamRows {
    /** The configuration columns, in {@link #bindConfig} order. */
    static final String CONFIG_COLUMNS =
            "max_messages, max_bytes, max_age_ns, max_per_subject, max_message_bytes, discard,"
                    + " fsync_mode, fsync_interval_ns, segment_bytes";

    /** {@code SET} clause for an update of the configuration, in {@link #bindConfig} order. */
    static final String CONFIG_ASSIGNMENTS =
            "max_messages = ?, max_bytes = ?, max_age_ns = ?, max_per_subject = ?,"
                    + " max_message_bytes = ?, discard = ?, fsync_mode = ?, fsync_interval_ns = ?,"
                    + " segment_bytes = ?";

    private StreamRows() {}

    /**
     * Binds the nine configuration values.
     *
     * @param ps the statement
     * @param first the index of the first of nine consecutive parameters
     * @param c the configuration
     * @throws SQLException if binding fails
     */
    static void bindConfig(PreparedStatement ps, int first, StoreConfig c) throws SQLException {
        ps.setLong(first, c.maxMessages());
        ps.setLong(first + 1, c.maxBytes());
        ps.setLong(first + 2, c.maxAge().toNanos());
        ps.setLong(first + 3, c.maxMessagesPerSubject());
        ps.setLong(first + 4, c.maxMessageBytes());
        ps.setString(first + 5, c.discard().name());
        ps.setString(first + 6, c.fsync().mode().name());
        ps.setLong(first + 7, c.fsync().interval().toNanos());
        ps.setLong(first + 8, c.segmentBytes());
    }

    /**
     * @param name the stream's name
     * @param rs a row with {@link #CONFIG_COLUMNS}
     * @return the configuration
     * @throws StoreException {@link StoreError#IO} if the row holds an invalid configuration
     * @throws SQLException if reading fails
     */
    static StoreConfig readConfig(String name, ResultSet rs) throws SQLException {
        try {
            FsyncPolicy.Mode mode = FsyncPolicy.Mode.valueOf(rs.getString("fsync_mode"));
            Duration interval = Duration.ofNanos(rs.getLong("fsync_interval_ns"));
            return StoreConfig.builder(name)
                    .maxMessages(rs.getLong("max_messages"))
                    .maxBytes(rs.getLong("max_bytes"))
                    .maxAge(Duration.ofNanos(rs.getLong("max_age_ns")))
                    .maxMessagesPerSubject(rs.getLong("max_per_subject"))
                    .maxMessageBytes(rs.getLong("max_message_bytes"))
                    .discard(DiscardPolicy.valueOf(rs.getString("discard")))
                    .fsync(new FsyncPolicy(mode, interval))
                    .segmentBytes(rs.getLong("segment_bytes"))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new StoreException(
                    StoreError.IO,
                    "stream '" + name + "': bad configuration row in store_streams: " + e,
                    e);
        }
    }
}
