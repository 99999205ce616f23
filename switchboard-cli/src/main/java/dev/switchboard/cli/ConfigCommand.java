package dev.switchboard.cli;

import dev.switchboard.cli.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the effective configuration, each value with its source, or checks a file. Exit codes: 0
 * valid, 2 invalid (every error printed, one line each).
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Print the effective configuration (defaults < file < SWITCHBOARD_* env < --set),",
            "each value with its source; or, with --check FILE, validate a file on its own."
        })
final class ConfigCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "INI configuration file.")
    Path file;

    @Option(
            names = "--check",
            paramLabel = "FILE",
            description = "Validate this file alone (no env, no --set): print OK or the errors.")
    Path check;

    @Option(
            names = "--set",
            paramLabel = "SECTION.KEY=VALUE",
            description = "Override one setting (repeatable).")
    List<String> sets = new ArrayList<>();

    @Spec CommandSpec spec;

    /** The environment; tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigLoader.Result r;
        if (check != null) {
            r = ConfigLoader.load(check, Map.of(), List.of());
        } else {
            r =
                    ConfigLoader.load(
                            file, env, sets.stream().map(ConfigLoader.Override::set).toList());
        }
        if (!r.ok()) {
            r.errors().forEach(err::println);
            err.println("switchboard config: " + r.errors().size() + " error(s)");
            return 2;
        }
        out.print(check != null ? "OK: " + check + System.lineSeparator() : r.config().render());
        out.flush();
        return 0;
    }
}
