package dev.switchboard.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md and docs/switchboard.ini are generated from the settings table. This test
 * fails when they differ from it; {@code -Dswitchboard.docs.update=true} rewrites them.
 */
class ConfigDocsTest {
    private static final Path DOCS = Path.of(System.getProperty("user.dir")).resolveSibling("docs");
    private static final boolean UPDATE = Boolean.getBoolean("switchboard.docs.update");

    private static void check(Path file, String expected) throws Exception {
        if (UPDATE) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "")
                .as(
                        file
                                + " is generated from the settings table; regenerate with: mvn -B -o"
                                + " -pl switchboard-cli test -Dtest=ConfigDocsTest"
                                + " -Dswitchboard.docs.update=true")
                .isEqualTo(expected);
    }

    @Test
    void configurationMd_matchesTheTable() throws Exception {
        check(DOCS.resolve("CONFIGURATION.md"), ConfigDocs.markdown());
    }

    @Test
    void sampleIni_matchesTheTable_isValid_andHoldsTheDefaults() throws Exception {
        Path sample = DOCS.resolve("switchboard.ini");
        check(sample, ConfigDocs.sampleIni());
        ConfigLoader.Result r = ConfigLoader.load(sample, Map.of(), List.of());
        assertThat(r.errors()).isEmpty();
        assertThat(r.config()).isEqualTo(EffectiveConfig.defaults());
        for (Setting s : Settings.canonical()) {
            assertThat(r.config().get(s.name()).source()).as(s.name()).startsWith("file ");
        }
    }

    @Test
    void everyDefault_isValidForItsType() {
        for (Setting s : Settings.all()) {
            if (!s.defaultText().isEmpty()) {
                assertThat(s.type().format(s.defaultValue()))
                        .as(s.name())
                        .isEqualTo(s.defaultText());
            }
        }
    }
}
