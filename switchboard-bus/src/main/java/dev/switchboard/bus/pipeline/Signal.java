package dev.switchboard.bus.pipeline;

/** Markers that travel through the stage queues in order with the messages. */
enum Signal {
    /** Emit partial batches, then pass on. */
    FLUSH,
    /** Emit partial batches, pass on, and stop: nothing follows it. */
    END
}
