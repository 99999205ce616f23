package dev.switchboard.protocol.stream;

/**
 * The reserved subjects of the stream API (docs/STREAMS.md). Requests carry JSON bodies and are
 * answered on their reply subject; an error answer is {@code {"error": {"code": N, "description":
 * "..."}}}.
 */
public final class StreamSubjects {
    /** The prefix of every stream API subject. */
    public static final String API_PREFIX = "$SYS.API.";

    /** The prefix of acknowledgement subjects (see {@link AckSubject}). */
    public static final String ACK_PREFIX = "$SYS.ACK.";

    /** Lists streams. */
    public static final String STREAM_LIST = "$SYS.API.STREAM.LIST";

    /** Where the broker announces a message that reached {@code max_deliver} without a DLQ. */
    public static final String ADVISORY_MAX_DELIVERIES = "$SYS.ADVISORY.CONSUMER.MAX_DELIVERIES";

    private StreamSubjects() {}

    /**
     * @param stream a stream name @return its create subject
     */
    public static String streamCreate(String stream) {
        return "$SYS.API.STREAM.CREATE." + stream;
    }

    /**
     * @param stream a stream name @return its update subject
     */
    public static String streamUpdate(String stream) {
        return "$SYS.API.STREAM.UPDATE." + stream;
    }

    /**
     * @param stream a stream name @return its info subject
     */
    public static String streamInfo(String stream) {
        return "$SYS.API.STREAM.INFO." + stream;
    }

    /**
     * @param stream a stream name @return its delete subject
     */
    public static String streamDelete(String stream) {
        return "$SYS.API.STREAM.DELETE." + stream;
    }

    /**
     * @param stream a stream name @return its purge subject
     */
    public static String streamPurge(String stream) {
        return "$SYS.API.STREAM.PURGE." + stream;
    }

    /**
     * @param stream a stream name @return its get-message subject
     */
    public static String msgGet(String stream) {
        return "$SYS.API.STREAM.MSG.GET." + stream;
    }

    /**
     * @param stream a stream name @return its delete-message subject
     */
    public static String msgDelete(String stream) {
        return "$SYS.API.STREAM.MSG.DELETE." + stream;
    }

    /**
     * @param stream a stream name @return its republish subject
     */
    public static String republish(String stream) {
        return "$SYS.API.STREAM.REPUBLISH." + stream;
    }

    /**
     * @param stream a stream name
     * @param consumer a consumer name
     * @return the consumer's create subject
     */
    public static String consumerCreate(String stream, String consumer) {
        return "$SYS.API.CONSUMER.CREATE." + stream + "." + consumer;
    }

    /**
     * @param stream a stream name
     * @param consumer a consumer name
     * @return the consumer's info subject
     */
    public static String consumerInfo(String stream, String consumer) {
        return "$SYS.API.CONSUMER.INFO." + stream + "." + consumer;
    }

    /**
     * @param stream a stream name
     * @param consumer a consumer name
     * @return the consumer's delete subject
     */
    public static String consumerDelete(String stream, String consumer) {
        return "$SYS.API.CONSUMER.DELETE." + stream + "." + consumer;
    }

    /**
     * @param stream a stream name
     * @param consumer a consumer name
     * @return the consumer's pull subject
     */
    public static String consumerNext(String stream, String consumer) {
        return "$SYS.API.CONSUMER.NEXT." + stream + "." + consumer;
    }

    /**
     * @param stream a stream name @return its consumer-listing subject
     */
    public static String consumerList(String stream) {
        return "$SYS.API.CONSUMER.LIST." + stream;
    }
}
