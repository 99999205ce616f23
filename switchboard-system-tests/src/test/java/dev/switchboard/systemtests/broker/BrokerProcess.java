package dev.switchboard.systemtests.broker;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker as a separate operating-system process, started the way an operator starts it ({@code
 * switchboard server}), on this test's classpath, and stoppable by SIGTERM or SIGKILL.
 */
final class BrokerProcess implements AutoCloseable {
    private final int port;
    private final Path log;
    private final Path storage;
    private Process process;

    /**
     * @param port the client port
     * @param log where the process's output goes
     * @param storage the stream storage directory (kept across restarts)
     */
    BrokerProcess(int port, Path log, Path storage) {
        this.port = port;
        this.log = log;
        this.storage = storage;
    }

    /** A broker whose streams live next to its log. */
    BrokerProcess(int port, Path log) {
        this(port, log, log.resolveSibling("data"));
    }

    /** A port that was free a moment ago (the broker must come back on the same one). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /** The process's output so far, for failure messages. */
    String log() {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    void start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.switchboard.cli.Main");
        cmd.add("server");
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.add("--set");
        cmd.add("http.port=0"); // never collide with a broker already on the default 7423
        cmd.add("--set");
        cmd.add("storage.dir=" + storage);
        process =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the broker exited with " + process.exitValue() + "; its log:\n" + log());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (s.isConnected()) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.onSpinWait();
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("the broker did not listen on " + port + "; see " + log);
    }

    /** SIGKILL: a crash, no goodbye to clients. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: graceful shutdown (GOAWAY to clients). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
