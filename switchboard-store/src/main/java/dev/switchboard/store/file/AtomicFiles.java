package dev.switchboard.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Whole-file replacement that a crash cannot leave half-done: temp file, rename, fsyncs. */
final class AtomicFiles {
    /** The suffix of temporary files, which recovery deletes. */
    static final String TMP = ".tmp";

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with {@code data}: written to {@code target.tmp}, forced if {@code
     * durable}, renamed atomically over the target, and the directory forced if {@code durable}.
     */
    static void write(Path target, byte[] data, boolean durable) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP);
        try (FileChannel ch =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (durable) {
                ch.force(true);
            }
        }
        Files.move(
                tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            syncDirectory(target.getParent());
        }
    }

    /** Forces a directory's entries (creations, renames, deletions) to disk. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; nothing more can be done there.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }
}
