package dev.switchboard.load;

/**
 * A load scenario.
 *
 * @param name short name in reports
 * @param subscribers how many subscriber connections
 * @param queueGroup whether the subscribers share one queue group
 * @param requestReply whether this is the request/reply latency scenario
 * @param size the payload size in bytes
 */
public record Scenario(
        String name, int subscribers, boolean queueGroup, boolean requestReply, int size) {

    /** Checks the ranges. */
    public Scenario {
        if (subscribers < 1) {
            throw new IllegalArgumentException("subscribers must be >= 1, was " + subscribers);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
    }

    /**
     * @param size payload bytes
     * @return one publisher, one subscriber
     */
    public static Scenario pubSub(int size) {
        return new Scenario("pub/sub 1→1", 1, false, false, size);
    }

    /**
     * @param subscribers how many subscribers each message reaches
     * @param size payload bytes
     * @return one publisher, every subscriber gets every message
     */
    public static Scenario fanOut(int subscribers, int size) {
        return new Scenario("fan-out 1→" + subscribers, subscribers, false, false, size);
    }

    /**
     * @param members how many members share the group
     * @param size payload bytes
     * @return one publisher, each message goes to one member of a queue group
     */
    public static Scenario queue(int members, int size) {
        return new Scenario("queue group of " + members, members, true, false, size);
    }

    /**
     * @param size payload bytes of request and reply
     * @return sequential request/reply round trips
     */
    public static Scenario requestReply(int size) {
        return new Scenario("request/reply", 1, false, true, size);
    }

    /**
     * @return how many deliveries one publish makes
     */
    public int deliveriesPerMessage() {
        return queueGroup || requestReply ? 1 : subscribers;
    }

    /**
     * @return the name and the payload size, for reports
     */
    public String label() {
        return name + " " + size + " B";
    }
}
