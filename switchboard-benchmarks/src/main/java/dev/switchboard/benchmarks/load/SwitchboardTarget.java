package dev.switchboard.benchmarks.load;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.load.LoadClient;
import dev.switchboard.load.LoadTarget;
import dev.switchboard.load.SwitchboardClientTarget;
import java.util.Optional;

/**
 * A Switchboard broker in its own process, driven through the Switchboard client (the {@link
 * SwitchboardClientTarget} of that process's port, charged with its CPU time).
 */
final class SwitchboardTarget implements LoadTarget {
    private final SwitchboardClientTarget client;

    SwitchboardTarget(BrokerProcess broker) {
        this.client =
                new SwitchboardClientTarget(
                        ClientOptions.builder().server("sb://127.0.0.1:" + broker.port()).build(),
                        Optional.of(broker.handle()));
    }

    @Override
    public String name() {
        return client.name();
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
