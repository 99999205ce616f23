package dev.switchboard.benchmarks.load;

import java.util.Optional;

/** A server under test: how to connect to it, and which process to charge CPU time to. */
interface LoadTarget extends AutoCloseable {
    /** A short name for reports: "switchboard", "nats". */
    String name();

    /** Opens a new client connection. */
    LoadClient connect(String connectionName) throws Exception;

    /** The server process, for its CPU time; empty if unknown. */
    Optional<ProcessHandle> serverProcess();

    @Override
    default void close() {}
}
