package dev.switchboard.cli;

import dev.switchboard.protocol.transport.Transport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the version, the commit, the JDK and which native transports this machine offers. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Print the version, build commit, JDK and available transports.")
final class VersionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BuildInfo build = BuildInfo.load();
        out.println("switchboard " + build.version());
        out.println("commit      " + build.commit());
        out.println(
                "jdk         "
                        + Runtime.version()
                        + " ("
                        + System.getProperty("java.vendor")
                        + ", "
                        + System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.arch")
                        + ")");
        StringBuilder t = new StringBuilder();
        for (Transport transport : Transport.values()) {
            t.append(t.isEmpty() ? "" : ", ")
                    .append(transport.name().toLowerCase(Locale.ROOT))
                    .append(transport.isAvailable() ? " yes" : " no");
        }
        out.println(
                "transports  "
                        + t
                        + " (auto: "
                        + Transport.best().name().toLowerCase(Locale.ROOT)
                        + ")");
        return 0;
    }
}
