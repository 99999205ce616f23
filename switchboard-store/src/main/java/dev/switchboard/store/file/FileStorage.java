package dev.switchboard.store.file;

import dev.switchboard.core.Clock;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StreamStore;
import dev.switchboard.store.internal.AbstractStreamStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The segment log: a {@link StorageBackend} keeping each stream in a directory under a root.
 *
 * <pre>
 * root/
 *   orders/                          one directory per stream
 *     stream.conf                    its StoreConfig (key=value)
 *     metadata.bin                   the owner's metadata
 *     00000000000000000001.log       segments, named by their first sequence
 *     00000000000000000001.idx       sparse sequence + time index of a closed segment
 *     00000000000000052431.log       the active segment
 *     consumers/
 *       worker.state                 one file per consumer
 * </pre>
 *
 * Formats, group commit and recovery are described in docs/STORAGE.md. Thread-safe; each open
 * stream has one writer thread, {@code sb-store-<stream>}.
 */
public final class FileStorage implements StorageBackend {

    private final Path root;
    private final Clock clock;
    private final Fsync fsync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, FileStreamStore> open = new HashMap<>();

    private FileStorage(Path root, Clock clock, Fsync fsync) {
        this.root = root;
        this.clock = clock;
        this.fsync = fsync;
    }

    /**
     * Opens (creating it if needed) a storage directory. Streams are recovered when opened.
     *
     * @param dir the root directory
     * @param clock the source of timestamps and of time for age limits and fsync intervals
     * @return the backend
     * @throws StoreException {@link StoreError#IO} if the directory cannot be created
     */
    public static FileStorage open(Path dir, Clock clock) {
        return open(dir, clock, Fsync.DEFAULT);
    }

    static FileStorage open(Path dir, Clock clock, Fsync fsync) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(
                    StoreError.IO, "cannot create storage directory " + dir + ": " + e, e);
        }
        return new FileStorage(dir, clock, fsync);
    }

    /**
     * @return the root directory
     */
    public Path directory() {
        return root;
    }

    @Override
    public StreamStore create(StoreConfig config, byte[] metadata) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metadata, "metadata");
        AbstractStreamStore.checkMetadata(metadata);
        lock.lock();
        try {
            Path dir = root.resolve(config.name());
            if (Files.exists(dir.resolve(ConfigFile.NAME))) {
                throw new StoreException(
                        StoreError.ALREADY_EXISTS,
                        "stream '" + config.name() + "' already exists in " + root);
            }
            deleteTree(dir); // a create that crashed before writing stream.conf (or nothing)
            Files.createDirectories(dir.resolve(FileStreamStore.CONSUMERS));
            boolean durable = config.fsync().mode() == FsyncPolicy.Mode.ALWAYS;
            AtomicFiles.write(dir.resolve(FileStreamStore.METADATA), metadata, durable);
            // stream.conf last: a directory without it is not a stream.
            AtomicFiles.write(dir.resolve(ConfigFile.NAME), ConfigFile.encode(config), true);
            AtomicFiles.syncDirectory(root);
            return openLocked(config.name(), dir);
        } catch (IOException e) {
            throw new StoreException(
                    StoreError.IO, "creating stream '" + config.name() + "' failed: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StreamStore open(String name) {
        StoreConfig.checkName(name);
        lock.lock();
        try {
            FileStreamStore s = open.get(name);
            if (s != null) {
                return s;
            }
            Path dir = root.resolve(name);
            if (!Files.exists(dir.resolve(ConfigFile.NAME))) {
                throw new StoreException(
                        StoreError.NOT_FOUND, "no stream '" + name + "' in " + root);
            }
            return openLocked(name, dir);
        } catch (IOException e) {
            throw new StoreException(
                    StoreError.IO, "opening stream '" + name + "' failed: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private FileStreamStore openLocked(String name, Path dir) throws IOException {
        StoreConfig config;
        try {
            config = ConfigFile.decode(Files.readAllBytes(dir.resolve(ConfigFile.NAME)));
        } catch (IllegalArgumentException e) {
            throw new StoreException(
                    StoreError.IO,
                    "stream '" + name + "': bad " + ConfigFile.NAME + ": " + e.getMessage(),
                    e);
        }
        Recovery.Result r =
                Recovery.recover(dir, name, config.fsync().mode() == FsyncPolicy.Mode.ALWAYS);
        FileStreamStore s;
        try {
            s = new FileStreamStore(this, dir, config, r, clock, fsync);
        } catch (IOException | RuntimeException e) {
            r.segments().values().forEach(Segment::close);
            throw e;
        }
        open.put(name, s);
        return s;
    }

    /** Called by a stream's close. */
    void closed(String name, FileStreamStore store) {
        lock.lock();
        try {
            open.remove(name, store);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (Files.exists(d.resolve(ConfigFile.NAME))) {
                    out.add(d.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new StoreException(StoreError.IO, "listing " + root + " failed: " + e, e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean delete(String name) {
        StoreConfig.checkName(name);
        FileStreamStore s;
        lock.lock();
        try {
            s = open.get(name);
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.close();
        }
        lock.lock();
        try {
            Path dir = root.resolve(name);
            if (!Files.exists(dir.resolve(ConfigFile.NAME))) {
                return false;
            }
            // Remove stream.conf first, so a crash mid-delete leaves no half stream.
            Files.delete(dir.resolve(ConfigFile.NAME));
            AtomicFiles.syncDirectory(dir);
            deleteTree(dir);
            AtomicFiles.syncDirectory(root);
            return true;
        } catch (IOException e) {
            throw new StoreException(
                    StoreError.IO, "deleting stream '" + name + "' failed: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes a directory and everything in it; nothing if it does not exist. Also for tools that
     * clean up storage directories of their own (the benchmarks).
     *
     * @param dir the directory
     * @throws IOException if something could not be deleted
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(
                dir,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e)
                            throws IOException {
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    @Override
    public void close() {
        List<FileStreamStore> all;
        lock.lock();
        try {
            all = new ArrayList<>(open.values());
        } finally {
            lock.unlock();
        }
        for (FileStreamStore s : all) {
            s.close();
        }
    }
}
