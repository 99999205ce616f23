package dev.switchboard.cli;

import dev.switchboard.cli.streams.ConsumerCommand;
import dev.switchboard.cli.streams.StreamCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code switchboard} command. Each subcommand is a class of its own; this one only wires them
 * and maps failures to exit codes: 0 success, 1 the input or the operation failed (with one line
 * saying why), 2 bad usage.
 */
@Command(
        name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Switchboard messaging: run the broker, work with messages from a shell.",
        subcommands = {
            ServerCommand.class,
            PubCommand.class,
            SubCommand.class,
            ReqCommand.class,
            ReplyCommand.class,
            StreamCommand.class,
            ConsumerCommand.class,
            BenchCommand.class,
            ConfigCommand.class,
            VersionCommand.class,
            DemoCommand.class,
            EncodeCommand.class,
            DecodeCommand.class,
            InspectCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(
                run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command without exiting, for tests and embedding.
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine
                            .getErr()
                            .println(
                                    commandLine.getCommandSpec().qualifiedName()
                                            + ": "
                                            + e.getMessage());
                    return 1;
                });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
