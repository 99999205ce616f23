package dev.switchboard.broker.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.message.Subjects;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-place filter agrees with the reference matcher of core. */
class SubjectFilterTest {
    @Test
    void agreesWithSubjectsMatches() {
        List<String> patterns =
                List.of("a", "a.b", "a.*", "a.>", "a.#", "*.b", "*", ">", "#", "a.*.c", "ab.>");
        List<String> subjects = List.of("a", "ab", "a.b", "a.c", "a.b.c", "b.b", "ab.c", "a.bb.c");
        for (String p : patterns) {
            SubjectFilter f = SubjectFilter.of(p);
            for (String s : subjects) {
                assertThat(f.test(s)).as(p + " vs " + s).isEqualTo(Subjects.matches(p, s));
            }
        }
        assertThat(SubjectFilter.of(null)).isNull();
    }
}
