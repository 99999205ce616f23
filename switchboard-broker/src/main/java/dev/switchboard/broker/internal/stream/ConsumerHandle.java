package dev.switchboard.broker.internal.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A consumer as its stream runs it: the engine, the waiting pull requests, and the synchronous
 * acknowledgements waiting for the next save. Owned by the stream's thread.
 */
final class ConsumerHandle {
    final String name;
    final ConsumerEngine engine;
    final ArrayDeque<PullRequest> waiting = new ArrayDeque<>();
    final List<String> syncWaiters = new ArrayList<>();
    boolean dirty;

    /**
     * How long to wait before looking again at this consumer's congested connections (see {@code
     * StreamRuntime.pumpWhenDrained}); 1 ms again once it delivers unpaced.
     */
    long congestionDelayMillis = 1;

    ConsumerHandle(String name, ConsumerEngine engine) {
        this.name = name;
        this.engine = engine;
    }
}
