package dev.switchboard.cli.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one file and runs a callback when it changes. It watches the file's directory rather than
 * the file, so editors that write a new file and rename it over the old one are seen too. Bursts of
 * events (an editor's write, truncate and rename) are folded into one call once the directory has
 * been quiet for the debounce time.
 *
 * <p>One daemon thread, {@code switchboard-config-watch}, waits for events and runs the callback;
 * {@link #close()} stops it.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final WatchService watcher;
    private final Path name;
    private final long debounceMs;
    private final Runnable onChange;
    private final Thread thread;

    private ConfigWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
        Path absolute = file.toAbsolutePath();
        this.name = absolute.getFileName();
        this.debounceMs = debounce.toMillis();
        this.onChange = onChange;
        this.watcher = FileSystems.getDefault().newWatchService();
        absolute.getParent()
                .register(
                        watcher,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(this::loop, "switchboard-config-watch");
        thread.setDaemon(true);
    }

    /**
     * @param file the file to watch
     * @param debounce how long the directory must be quiet before the callback runs
     * @param onChange what to run, on the watcher's thread
     * @return the running watcher
     * @throws IOException if the directory cannot be watched
     */
    public static ConfigWatcher start(Path file, Duration debounce, Runnable onChange)
            throws IOException {
        ConfigWatcher w = new ConfigWatcher(file, debounce, onChange);
        w.thread.start();
        return w;
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean relevant = drain(key);
                if (!relevant) {
                    continue;
                }
                WatchKey more;
                while ((more = watcher.poll(debounceMs, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    log.error("configuration reload failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop
        }
    }

    private boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(e.context())) {
                relevant = true;
            }
        }
        key.reset();
        return relevant;
    }

    /** Stops watching. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the watch service", e);
        }
        thread.interrupt();
    }
}
