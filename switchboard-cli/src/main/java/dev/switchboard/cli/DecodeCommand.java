package dev.switchboard.cli;

import dev.switchboard.core.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Binary message in, JSON out. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = "Read a binary message and write it as JSON.")
final class DecodeCommand implements Callable<Integer> {
    @Mixin CodecOptions codec;

    @Parameters(index = "0", defaultValue = "-", description = "Binary input file, or - for stdin.")
    String input;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "-",
            description = "Output file, or - for stdout.")
    String output;

    @Option(names = "--pretty", description = "Indent the JSON.")
    boolean pretty;

    @Override
    public Integer call() throws Exception {
        Message m = codec.binary().decode(codec.read(input));
        String json = codec.json(pretty).encode(m) + System.lineSeparator();
        CodecOptions.write(output, json.getBytes(StandardCharsets.UTF_8));
        return 0;
    }
}
