package dev.switchboard.cli;

import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.codec.Compression;
import dev.switchboard.core.codec.CompressionPolicy;
import dev.switchboard.core.codec.DecodeLimits;
import dev.switchboard.core.codec.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that read or write messages. */
final class CodecOptions {
    @Option(
            names = "--compression",
            description =
                    "Body compression when encoding: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "NONE")
    Compression compression;

    @Option(
            names = "--threshold",
            description =
                    "Compress bodies of at least this many bytes (default: ${DEFAULT-VALUE}).",
            defaultValue = "1024")
    int threshold;

    @Option(
            names = "--max-message-bytes",
            description = "Largest message accepted when decoding (default: ${DEFAULT-VALUE}).",
            defaultValue = "8388608")
    int maxMessageBytes;

    DecodeLimits limits() {
        return DecodeLimits.builder().maxMessageBytes(maxMessageBytes).build();
    }

    BinaryCodec binary() {
        CompressionPolicy policy =
                compression == Compression.NONE
                        ? CompressionPolicy.NONE
                        : CompressionPolicy.of(compression, threshold);
        return BinaryCodec.create(limits(), policy);
    }

    JsonCodec json(boolean pretty) {
        return JsonCodec.create(limits(), pretty);
    }

    /** Reads a whole file, or standard input for "-", refusing more than the message limit. */
    byte[] read(String file) throws IOException {
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            byte[] bytes = in.readNBytes(maxMessageBytes + 1);
            if (bytes.length > maxMessageBytes) {
                throw new IOException(
                        "input is larger than --max-message-bytes " + maxMessageBytes);
            }
            return bytes;
        }
    }

    static void write(String file, byte[] bytes) throws IOException {
        if ("-".equals(file)) {
            OutputStream out = System.out;
            out.write(bytes);
            out.flush();
        } else {
            Files.write(Path.of(file), bytes);
        }
    }
}
