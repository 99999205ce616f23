package dev.switchboard.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueTypeTest {
    @Test
    void durations_parseAndFormat() {
        ValueType t = ValueType.duration(Duration.ZERO);
        assertThat(t.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(t.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(t.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(t.format(Duration.ofMillis(120_000))).isEqualTo("2m");
        assertThat(t.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> t.parse("5")).hasMessageStartingWith("expected a duration");
    }

    @Test
    void sizes_areBinary() {
        ValueType t = ValueType.size(0, Long.MAX_VALUE);
        assertThat(t.parse("64k")).isEqualTo(65_536L);
        assertThat(t.parse("1MiB")).isEqualTo(1L << 20);
        assertThat(t.parse("2gb")).isEqualTo(2L << 30);
        assertThat(t.parse("100")).isEqualTo(100L);
        assertThat(t.format(32L << 20)).isEqualTo("32MiB");
        assertThatThrownBy(() -> t.parse("1 TiB")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void didYouMean_onlyForNearMisses() {
        assertThat(
                        DidYouMean.closest(
                                "listen_prot", java.util.List.of("listen_port", "listen_host")))
                .contains("listen_port");
        assertThat(DidYouMean.closest("colour", java.util.List.of("listen_port"))).isEmpty();
    }

    @Test
    void featureFlags_notifyChanges() {
        FeatureFlags flags = new FeatureFlags();
        java.util.List<String> seen = new java.util.ArrayList<>();
        flags.addListener((name, on) -> seen.add(name + "=" + on));
        flags.update(java.util.Map.of("a", true, "b", false));
        assertThat(flags.isEnabled("a")).isTrue();
        assertThat(flags.update(java.util.Map.of("b", true))).containsExactly("a", "b");
        assertThat(seen).containsExactly("a=true", "a=false", "b=true");
        assertThat(flags.isEnabled("nope")).isFalse();
    }
}
