package dev.switchboard.load;

import java.util.Optional;

/** A server under test: how to connect to it, and which process to charge CPU time to. */
public interface LoadTarget extends AutoCloseable {
    /**
     * @return a short name for reports: "switchboard", "nats"
     */
    String name();

    /**
     * Opens a new client connection.
     *
     * @param connectionName the name the server shows for it
     * @return the client
     * @throws Exception if the connection failed
     */
    LoadClient connect(String connectionName) throws Exception;

    /**
     * @return the server process, for its CPU time; empty if unknown (e.g. a remote server)
     */
    Optional<ProcessHandle> serverProcess();

    @Override
    default void close() {}
}
