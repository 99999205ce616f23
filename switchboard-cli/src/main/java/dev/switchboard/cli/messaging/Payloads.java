package dev.switchboard.cli.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Where a command's payload comes from: the argument, or standard input for none or {@code -}. */
public final class Payloads {
    private Payloads() {}

    /**
     * @param argument the payload argument, or {@code null}
     * @param stdin standard input
     * @return the argument's UTF-8 bytes, or everything on standard input
     */
    public static byte[] read(String argument, InputStream stdin) {
        if (argument != null && !argument.equals("-")) {
            return argument.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return stdin.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payload from standard input", e);
        }
    }
}
