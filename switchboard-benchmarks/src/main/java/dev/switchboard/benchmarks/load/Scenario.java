package dev.switchboard.benchmarks.load;

/**
 * A load scenario.
 *
 * @param name short name in reports
 * @param subscribers how many subscriber connections
 * @param queueGroup whether the subscribers share one queue group
 * @param requestReply whether this is the request/reply latency scenario
 * @param size the payload size in bytes
 */
record Scenario(String name, int subscribers, boolean queueGroup, boolean requestReply, int size) {
    static Scenario pubSub(int size) {
        return new Scenario("pub/sub 1→1", 1, false, false, size);
    }

    static Scenario fanOut(int subscribers, int size) {
        return new Scenario("fan-out 1→" + subscribers, subscribers, false, false, size);
    }

    static Scenario queue(int members, int size) {
        return new Scenario("queue group of " + members, members, true, false, size);
    }

    static Scenario requestReply(int size) {
        return new Scenario("request/reply", 1, false, true, size);
    }

    /** How many deliveries one publish makes. */
    int deliveriesPerMessage() {
        return queueGroup || requestReply ? 1 : subscribers;
    }

    String label() {
        return name + " " + size + " B";
    }
}
