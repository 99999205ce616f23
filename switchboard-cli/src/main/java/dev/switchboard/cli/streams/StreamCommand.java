package dev.switchboard.cli.streams;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard stream ...}: manage durable streams. */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        description = {
            "Manage durable streams (docs/STREAMS.md).",
            "Example: switchboard stream add ORDERS --subjects 'orders.>' --max-age 7d"
        },
        subcommands = {
            StreamAddCommand.class,
            StreamListCommand.class,
            StreamInfoCommand.class,
            StreamRemoveCommand.class,
            StreamPurgeCommand.class,
            StreamGetCommand.class,
            StreamRepublishCommand.class
        })
public final class StreamCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "missing subcommand: add, ls, info, rm, purge, get or republish");
    }
}
