package dev.switchboard.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** How the writer forces a segment to disk; a seam for tests that observe fsyncs. */
@FunctionalInterface
interface Fsync {
    /** The real thing: {@code FileChannel.force(false)}. */
    Fsync DEFAULT = ch -> ch.force(false);

    void force(FileChannel channel) throws IOException;
}
