package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void demo_roundTripsEveryCodec_andExitsZero() {
        Result r = run("demo");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("All round trips equal.").contains("\"$i16\" : 3");
        assertThat(r.out()).contains("decodes to the same message: true").doesNotContain(": false");
    }

    @Test
    void encodeThenDecode_givesBackTheSameJson() throws Exception {
        Path json = dir.resolve("m.json");
        Path bin = dir.resolve("m.bin");
        Path back = dir.resolve("back.json");
        String text =
                "{\"id\":\"0190b5d2-7c1e-7a3b-9f00-1234567890ab\",\"subject\":\"a.b\",\"type\":\"command\","
                        + "\"priority\":\"critical\",\"timestamp\":\"2026-11-26T12:00:00Z\","
                        + "\"body\":{\"n\":{\"$i32\":7},\"s\":\"x\"}}";
        Files.writeString(json, text);

        assertThat(
                        run(
                                        "encode",
                                        json.toString(),
                                        "-o",
                                        bin.toString(),
                                        "--compression",
                                        "ZSTD",
                                        "--threshold",
                                        "0")
                                .code())
                .isZero();
        assertThat(run("decode", bin.toString(), "-o", back.toString()).code()).isZero();

        assertThat(Files.readString(back, StandardCharsets.UTF_8).strip()).isEqualTo(text);
        Result inspect = run("inspect", bin.toString());
        assertThat(inspect.out())
                .contains("subject     a.b")
                .contains("priority    CRITICAL")
                .contains("body fields 2");
    }

    @Test
    void decode_ofGarbage_exitsOneWithTheErrorCode() throws Exception {
        Path bin = dir.resolve("garbage.bin");
        Files.write(bin, new byte[] {'S', 'B', 9, 0});
        Result r = run("decode", bin.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("UNSUPPORTED_VERSION (1003) at offset 2");
    }

    @Test
    void unknownOption_isAUsageError() {
        assertThat(run("decode", "--no-such-option").code()).isEqualTo(2);
    }
}
