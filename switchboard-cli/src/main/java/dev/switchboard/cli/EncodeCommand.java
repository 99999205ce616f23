package dev.switchboard.cli;

import dev.switchboard.core.message.Message;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** JSON message in, binary message out. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        description = "Read a message as JSON and write it in the binary format.")
final class EncodeCommand implements Callable<Integer> {
    @Mixin CodecOptions codec;

    @Parameters(index = "0", defaultValue = "-", description = "JSON input file, or - for stdin.")
    String input;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "-",
            description = "Output file, or - for stdout.")
    String output;

    @Override
    public Integer call() throws Exception {
        Message m = codec.json(false).decode(codec.read(input));
        CodecOptions.write(output, codec.binary().encode(m));
        return 0;
    }
}
