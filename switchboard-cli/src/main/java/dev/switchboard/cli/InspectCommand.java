package dev.switchboard.cli;

import dev.switchboard.core.codec.MessageView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows a binary message's envelope and sizes, reading the body only to count its fields. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show the envelope and sizes of a binary message.")
final class InspectCommand implements Callable<Integer> {
    @Mixin CodecOptions codec;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", defaultValue = "-", description = "Binary input file, or - for stdin.")
    String input;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = codec.read(input);
        MessageView view = codec.binary().view(bytes);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "size        %d bytes (body %d bytes stored, %s)%n",
                bytes.length, view.storedBody().remaining(), view.compression());
        out.printf("id          %s%n", view.id());
        out.printf("subject     %s%n", view.subject());
        out.printf("type        %s%n", view.type());
        out.printf("priority    %s%n", view.priority());
        out.printf("timestamp   %s%n", view.toMessage().timestamp());
        out.printf("ttl         %s%n", view.ttlMillis() == 0 ? "none" : view.ttlMillis() + " ms");
        view.correlationId().ifPresent(c -> out.printf("correlation %s%n", c));
        view.trace().ifPresent(t -> out.printf("traceparent %s%n", t.toTraceparent()));
        out.printf("headers     %d%n", view.headerCount());
        out.printf("body fields %d%n", view.body().size());
        return 0;
    }
}
