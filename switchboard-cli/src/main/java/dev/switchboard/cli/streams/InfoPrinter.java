package dev.switchboard.cli.streams;

import dev.switchboard.cli.messaging.MessagePrinter;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerInfo;
import dev.switchboard.protocol.stream.StoredMsg;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamInfo;
import dev.switchboard.protocol.stream.StreamState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human output of the stream commands: aligned {@code key: value} lines for one stream,
 * consumer or message, and tables for listings. Pure functions over the protocol records, so they
 * are tested without a broker.
 */
final class InfoPrinter {
    private InfoPrinter() {}

    /**
     * @param rows keys and values in order ({@code null} values are left out)
     * @return {@code key: value} lines, the values aligned
     */
    static List<String> keyValues(Map<String, String> rows) {
        int width = 0;
        for (Map.Entry<String, String> e : rows.entrySet()) {
            if (e.getValue() != null) {
                width = Math.max(width, e.getKey().length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : rows.entrySet()) {
            if (e.getValue() != null) {
                lines.add(pad(e.getKey() + ":", width + 2) + e.getValue());
            }
        }
        return lines;
    }

    /**
     * @param header the column titles
     * @param rows the cells, as many per row as titles
     * @return the lines, columns separated by two spaces, the last column not padded
     */
    static List<String> table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(row(header, widths));
        for (List<String> r : rows) {
            lines.add(row(r, widths));
        }
        return lines;
    }

    private static String row(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), widths[i] + 2));
        }
        return b.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String limit(long v) {
        return v < 0 ? "unlimited" : Long.toString(v);
    }

    static String bytes(long v) {
        if (v < 0) {
            return "unlimited";
        }
        if (v < 1024) {
            return v + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double d = v;
        int u = -1;
        while (d >= 1024 && u < units.length - 1) {
            d /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", d, units[u]);
    }

    static String millis(long ms, String zero) {
        if (ms <= 0) {
            return zero;
        }
        Duration d = Duration.ofMillis(ms);
        return ms % 1000 == 0 ? d.toString().substring(2).toLowerCase(Locale.ROOT) : ms + "ms";
    }

    static String lower(Enum<?> e) {
        return e == null ? "" : e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param info a stream's info
     * @return its lines
     */
    static List<String> stream(StreamInfo info) {
        StreamConfig c = info.config();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("name", c.name());
        rows.put("description", c.description().isEmpty() ? null : c.description());
        rows.put("subjects", c.subjects().isEmpty() ? "(none)" : String.join(", ", c.subjects()));
        rows.put("storage", lower(c.storage()));
        rows.put("retention", lower(c.retention()));
        rows.put("max msgs", limit(c.maxMsgs()));
        rows.put("max bytes", bytes(c.maxBytes()));
        rows.put("max age", millis(c.maxAgeMs(), "forever"));
        rows.put("max msgs/subject", limit(c.maxMsgsPerSubject()));
        rows.put("max msg size", bytes(c.maxMsgSize()));
        rows.put("discard", lower(c.discard()));
        rows.put(
                "fsync",
                lower(c.fsync())
                        + (c.fsync() == StreamConfig.Fsync.INTERVAL
                                ? " every " + millis(c.fsyncIntervalMs(), "0s")
                                : ""));
        rows.put("dupe window", millis(c.duplicateWindowMs(), "off"));
        rows.put("created", info.created());
        StreamState s = info.state();
        if (s != null) {
            rows.put("messages", Long.toString(s.messages()));
            rows.put("bytes", bytes(s.bytes()));
            rows.put(
                    "first seq",
                    s.firstSeq() + (s.firstTs() == null ? "" : " (" + s.firstTs() + ")"));
            rows.put("last seq", s.lastSeq() + (s.lastTs() == null ? "" : " (" + s.lastTs() + ")"));
            rows.put("deleted", Long.toString(s.deleted()));
            rows.put("subjects held", Long.toString(s.subjects()));
            rows.put("consumers", Integer.toString(s.consumers()));
        }
        return keyValues(rows);
    }

    /**
     * @param list streams
     * @return a table, or one line saying there are none
     */
    static List<String> streams(List<StreamInfo> list) {
        if (list.isEmpty()) {
            return List.of("no streams");
        }
        List<List<String>> rows = new ArrayList<>();
        for (StreamInfo i : list) {
            StreamState s = i.state();
            rows.add(
                    List.of(
                            i.config().name(),
                            lower(i.config().storage()),
                            s == null ? "-" : Long.toString(s.messages()),
                            s == null ? "-" : bytes(s.bytes()),
                            s == null ? "-" : Long.toString(s.lastSeq()),
                            s == null ? "-" : Integer.toString(s.consumers()),
                            i.config().subjects().isEmpty()
                                    ? "(none)"
                                    : String.join(",", i.config().subjects())));
        }
        return table(
                List.of(
                        "NAME",
                        "STORAGE",
                        "MESSAGES",
                        "BYTES",
                        "LAST SEQ",
                        "CONSUMERS",
                        "SUBJECTS"),
                rows);
    }

    /**
     * @param info a consumer's info
     * @return its lines
     */
    static List<String> consumer(ConsumerInfo info) {
        ConsumerConfig c = info.config();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("stream", info.stream());
        rows.put("name", info.name());
        rows.put("kind", c.isPush() ? "push to " + c.deliverSubject() : "pull");
        rows.put("filter", c.filterSubject() == null ? "(all)" : c.filterSubject());
        rows.put(
                "deliver",
                lower(c.deliverPolicy())
                        + switch (c.deliverPolicy()) {
                            case BY_START_SEQUENCE -> " " + c.optStartSeq();
                            case BY_START_TIME -> " " + c.optStartTime();
                            default -> "";
                        });
        rows.put("ack", lower(c.ackPolicy()));
        rows.put("ack wait", millis(c.ackWaitMs(), "0s"));
        rows.put("max deliver", limit(c.maxDeliver()));
        rows.put("max ack pending", Long.toString(c.maxAckPending()));
        rows.put("dead letters to", c.deadLetterStream());
        rows.put("created", info.created());
        rows.put(
                "delivered",
                info.deliveredConsumerSeq() + " (stream seq " + info.deliveredStreamSeq() + ")");
        rows.put("ack floor", Long.toString(info.ackFloor()));
        rows.put("ack pending", Long.toString(info.numAckPending()));
        rows.put("redelivered", Long.toString(info.numRedelivered()));
        rows.put("waiting pulls", c.isPush() ? null : Long.toString(info.numWaiting()));
        rows.put("pending", Long.toString(info.numPending()));
        rows.put("dead-lettered", Long.toString(info.deadLettered()));
        return keyValues(rows);
    }

    /**
     * @param list consumers
     * @return a table, or one line saying there are none
     */
    static List<String> consumers(String stream, List<ConsumerInfo> list) {
        if (list.isEmpty()) {
            return List.of("no consumers on " + stream);
        }
        List<List<String>> rows = new ArrayList<>();
        for (ConsumerInfo i : list) {
            ConsumerConfig c = i.config();
            rows.add(
                    List.of(
                            i.name(),
                            c.isPush() ? "push" : "pull",
                            lower(c.ackPolicy()),
                            Long.toString(i.numPending()),
                            Long.toString(i.numAckPending()),
                            Long.toString(i.numRedelivered()),
                            c.filterSubject() == null ? "(all)" : c.filterSubject()));
        }
        return table(
                List.of("NAME", "KIND", "ACK", "PENDING", "ACK PENDING", "REDELIVERED", "FILTER"),
                rows);
    }

    /**
     * @param m a stored message
     * @return its lines: subject, seq, time, headers, payload (text, or hex when binary)
     */
    static List<String> message(StoredMsg m) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("subject", m.subject());
        rows.put("seq", Long.toString(m.seq()));
        rows.put("time", m.time());
        if (m.headers() != null) {
            for (List<String> h : m.headers()) {
                if (h.size() == 2) {
                    // Headers may repeat: keep each, numbered after the first.
                    String key = "header " + h.get(0);
                    String k = key;
                    for (int n = 2; rows.containsKey(k); n++) {
                        k = key + " #" + n;
                    }
                    rows.put(k, h.get(1));
                }
            }
        }
        byte[] data = m.data() == null ? new byte[0] : Base64.getDecoder().decode(m.data());
        rows.put("payload", MessagePrinter.readable(data));
        return keyValues(rows);
    }
}
