package dev.switchboard.cli.streams;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard consumer ...}: manage and read durable consumers. */
@Command(
        name = "consumer",
        mixinStandardHelpOptions = true,
        description = {
            "Manage a stream's durable consumers and pull messages (docs/STREAMS.md).",
            "Example: switchboard consumer add ORDERS billing --ack-wait 30s --max-deliver 5"
        },
        subcommands = {
            ConsumerAddCommand.class,
            ConsumerListCommand.class,
            ConsumerInfoCommand.class,
            ConsumerRemoveCommand.class,
            ConsumerNextCommand.class
        })
public final class ConsumerCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "missing subcommand: add, ls, info, rm or next");
    }
}
