package dev.switchboard.benchmarks.load;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.load.LoadClient;
import dev.switchboard.load.LoadTarget;
import dev.switchboard.load.SwitchboardClientTarget;
import java.time.Duration;
import java.util.Optional;

/**
 * A Switchboard broker in its own process, driven through the Switchboard client (the {@link
 * SwitchboardClientTarget} of that process's port, charged with its CPU time), either with the
 * client's defaults or tuned for latency: handlers on the I/O thread ({@link
 * SubscribeOptions.Builder#inline}) and blocking requests that spin for {@link #TUNED_SPIN} before
 * parking ({@link ClientOptions.Builder#spinWait}).
 */
final class SwitchboardTarget implements LoadTarget {
    /**
     * How long a tuned client's blocking calls spin: {@code -Dload.spinMicros}, 300 µs by default
     * (about the slowest tenth of round trips on 2 vCPUs).
     */
    static final Duration TUNED_SPIN =
            Duration.ofNanos(Long.getLong("load.spinMicros", 300) * 1000);

    private final SwitchboardClientTarget client;
    private final boolean tuned;

    SwitchboardTarget(BrokerProcess broker, boolean tuned) {
        ClientOptions.Builder options =
                ClientOptions.builder().server("sb://127.0.0.1:" + broker.port());
        this.tuned = tuned;
        if (tuned) {
            options.spinWait(TUNED_SPIN);
        }
        this.client =
                new SwitchboardClientTarget(
                        options.build(),
                        Optional.of(broker.handle()),
                        SubscribeOptions.builder().inline(tuned).build());
    }

    @Override
    public String name() {
        return tuned ? client.name() + "-tuned" : client.name();
    }

    @Override
    public Optional<ProcessHandle> serverProcess() {
        return client.serverProcess();
    }

    @Override
    public LoadClient connect(String connectionName) throws Exception {
        return client.connect(connectionName);
    }
}
