package dev.switchboard.bus.pipeline;

/**
 * A snapshot of one stage's counters. Once a pipeline has drained, {@code in == out + dropped +
 * errors} for every stage except a batch stage holding a partial batch.
 *
 * @param name the stage name, e.g. {@code "filter#1"}
 * @param in items taken from its input queue
 * @param out items passed on (for a batch stage: messages emitted in batches; for a terminal stage:
 *     items consumed, or published with at least one delivery)
 * @param dropped items deliberately not passed on: filtered out, mapped to {@code null}, or
 *     published to a subject with no delivery
 * @param errors items whose stage function threw; they are discarded
 * @param queued items waiting in its input queue now
 * @param capacity the bound of its input queue
 */
public record StageStats(
        String name, long in, long out, long dropped, long errors, int queued, int capacity) {}
