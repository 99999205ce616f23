package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
    @TempDir Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ConfigCommand command = new ConfigCommand();
        command.env = env;
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Result main(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void config_printsEveryValueWithItsSource() throws Exception {
        Path f = dir.resolve("s.ini");
        Files.writeString(f, "[network]\nlisten_port = 7500\n");
        Result r =
                run(
                        Map.of("SWITCHBOARD_MESSAGING_MAX_PAYLOAD", "2MiB"),
                        "-c",
                        f.toString(),
                        "--set",
                        "logging.level=debug");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("# file " + f + ":2\nlisten_port = 7500\n")
                .contains("# env SWITCHBOARD_MESSAGING_MAX_PAYLOAD\nmax_payload = 2MiB\n")
                .contains("# --set\nlevel = debug\n")
                .contains("# default\nkeepalive_interval = 2m\n");
    }

    @Test
    void config_withErrors_printsEachAndExitsTwo() {
        Result r = run(Map.of(), "--set", "network.listen_port=abc", "--set", "http.prt=1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--set: network.listen_port = \"abc\": expected an integer")
                .contains("did you mean 'port'?")
                .contains("2 error(s)");
    }

    @Test
    void check_validFile_printsOk_exitZero() throws Exception {
        Path f = dir.resolve("ok.ini");
        Files.writeString(f, "[messaging]\nslow_consumer_policy = drop_newest\n");
        Result r = main("config", "--check", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("OK: " + f + System.lineSeparator());
    }

    @Test
    void check_invalidFile_printsErrors_exitTwo() throws Exception {
        Path f = dir.resolve("bad.ini");
        Files.writeString(f, "[messaging]\nslow_consumer_polcy = drop_newest\nmax_payload = big\n");
        Result r = main("config", "--check", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        f
                                + ":2: unknown key 'slow_consumer_polcy' in [messaging]; did you mean"
                                + " 'slow_consumer_policy'?")
                .contains(f + ":3: messaging.max_payload = \"big\": expected a size");
    }

    @Test
    void check_missingFile_exitTwo() {
        Result r = main("config", "--check", dir.resolve("nope.ini").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read");
    }

    @Test
    void version_printsVersionCommitJdkAndTransports() {
        Result r = main("version");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("switchboard ")
                .containsPattern("commit +\\S+")
                .contains("jdk         " + Runtime.version())
                .contains("nio yes");
    }
}
