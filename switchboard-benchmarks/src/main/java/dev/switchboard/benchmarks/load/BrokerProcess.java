package dev.switchboard.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A Switchboard broker in a child JVM, on the load tool's own classpath. */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BrokerProcess start(int ioThreads) throws IOException {
        return start(ioThreads, null);
    }

    /**
     * @param ioThreads the broker's I/O threads, 0 for its default
     * @param storageDir where it stores streams, {@code null} for no streams
     */
    static BrokerProcess start(int ioThreads, Path storageDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-Xms512m");
        cmd.add("-Xmx512m");
        // Extra broker JVM flags for profiling, e.g.
        // -Dload.brokerJvmArgs=-XX:StartFlightRecording=...
        String extra = System.getProperty("load.brokerJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerMain.class.getName(),
                        "0",
                        Integer.toString(ioThreads),
                        storageDir == null ? "" : storageDir.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith("READY ")) {
            line = out.readLine(); // JVM notices (e.g. JFR) before the broker is up
        }
        if (line == null || !line.startsWith("READY ")) {
            p.destroyForcibly();
            throw new IOException("the broker process did not start: " + line);
        }
        return new BrokerProcess(p, Integer.parseInt(line.substring(6).trim()));
    }

    int port() {
        return port;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
