package dev.switchboard.bus.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a pipeline's counters.
 *
 * @param accepted messages taken in by {@link Pipeline#offer} or from the bus subscription
 * @param rejected offers refused: input queue full (after the timeout, if any) or pipeline closed
 * @param stages each stage's counters, in pipeline order
 */
public record PipelineStats(long accepted, long rejected, List<StageStats> stages) {

    /** Copies the stage list. */
    public PipelineStats {
        stages = List.copyOf(stages);
    }

    /**
     * @param name a stage name
     * @return that stage's counters, if there is such a stage
     */
    public Optional<StageStats> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
