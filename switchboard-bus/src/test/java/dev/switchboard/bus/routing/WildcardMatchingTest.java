package dev.switchboard.bus.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.message.InvalidSubjectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every wildcard rule as a table of (pattern, subject, matches?). */
class WildcardMatchingTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    a.b.c   | a.b.c     | true
                    a.b.c   | a.b       | false
                    a.b.c   | a.b.c.d   | false
                    a.b.c   | a.b.x     | false
                    a.*.c   | a.b.c     | true
                    a.*.c   | a.c       | false
                    a.*.c   | a.b.b.c   | false
                    *       | a         | true
                    *       | a.b       | false
                    *.*     | a.b       | true
                    a.*     | a         | false
                    a.>     | a.b       | true
                    a.>     | a.b.c.d   | true
                    a.>     | a         | false
                    a.>     | b.c       | false
                    >       | a         | true
                    >       | a.b.c     | true
                    a.#     | a         | true
                    a.#     | a.b       | true
                    a.#     | a.b.c.d   | true
                    a.#     | b         | false
                    a.#     | ab        | false
                    #       | a         | true
                    #       | a.b.c     | true
                    *.#     | a         | true
                    *.#     | a.b.c     | true
                    a.*.#   | a         | false
                    a.*.#   | a.b       | true
                    a.*.>   | a.b       | false
                    a.*.>   | a.b.c     | true
                    *.b.>   | a.b.c     | true
                    *.b.>   | a.c.c     | false
                    $SYS.>  | $SYS.info | true
                    a.b     | a.b       | true
                    """)
    void match(String pattern, String subject, boolean expected) {
        SubjectRouter<String> router = new SubjectRouter<>();
        router.add(pattern, null, "sub");
        assertThat(router.match(subject).targets().contains("sub")).isEqualTo(expected);
        assertThat(ReferenceMatcher.matches(pattern, subject)).as("reference").isEqualTo(expected);
        assertThat(dev.switchboard.core.message.Subjects.matches(pattern, subject))
                .as("Subjects.matches")
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.>.b", "a.#.b", "a..b", ".a", "a.", "", "a b", "a*", "a.b#"})
    void invalidPatterns_areRejectedWithTheRule(String pattern) {
        SubjectRouter<String> router = new SubjectRouter<>();
        assertThatThrownBy(() -> router.add(pattern, null, "x"))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessageContaining("invalid subject");
        assertThat(router.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.*", "a.>", "#", "a..b", ""})
    void publishingToAWildcardOrInvalidSubject_isRejected(String subject) {
        SubjectRouter<String> router = new SubjectRouter<>();
        assertThatThrownBy(() -> router.match(subject)).isInstanceOf(InvalidSubjectException.class);
    }
}
