package dev.switchboard.store.file;

import dev.switchboard.store.ConsumerStateStore;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.internal.AbstractStreamStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Consumer state as one file per consumer, {@code consumers/<name>.state}, replaced atomically
 * (temp file, fsync when the stream's policy is ALWAYS, rename, directory fsync).
 *
 * <p>Thread-safe: writes serialise on a lock.
 */
final class FileConsumerStateStore implements ConsumerStateStore {
    static final String SUFFIX = ".state";

    private final Path dir;
    private final BooleanSupplier durable;
    private final ReentrantLock lock = new ReentrantLock();

    FileConsumerStateStore(Path dir, BooleanSupplier durable) {
        this.dir = dir;
        this.durable = durable;
    }

    private Path file(String consumer) {
        StoreConfig.checkName(consumer);
        return dir.resolve(consumer + SUFFIX);
    }

    @Override
    public void save(String consumer, byte[] state) {
        Path f = file(consumer);
        AbstractStreamStore.checkConsumerState(consumer, state);
        lock.lock();
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(f, state, durable.getAsBoolean());
        } catch (IOException e) {
            throw io("saving", f, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] load(String consumer) {
        Path f = file(consumer);
        try {
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw io("reading", f, e);
        }
    }

    @Override
    public boolean delete(String consumer) {
        Path f = file(consumer);
        lock.lock();
        try {
            boolean existed = Files.deleteIfExists(f);
            if (existed) {
                AtomicFiles.syncDirectory(dir);
            }
            return existed;
        } catch (IOException e) {
            throw io("deleting", f, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> names() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                out.add(n.substring(0, n.length() - SUFFIX.length()));
            }
        } catch (IOException e) {
            throw io("listing", dir, e);
        }
        out.sort(null);
        return out;
    }

    private static StoreException io(String what, Path f, IOException e) {
        return new StoreException(
                StoreError.IO, what + " consumer state " + f + " failed: " + e, e);
    }
}
