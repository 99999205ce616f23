package dev.switchboard.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectsTest {

    @ParameterizedTest(name = "[{0}] subject={1} pattern={2}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    a                | true  | true
                    orders.eu.created| true  | true
                    $SYS.SERVER.info | true  | true
                    a.*.c            | false | true
                    a.>              | false | true
                    a.#              | false | true
                    #                | false | true
                    >                | false | true
                    *                | false | true
                    a.>.c            | false | false
                    a.#.c            | false | false
                    a..b             | false | false
                    .a               | false | false
                    a.               | false | false
                    a b              | false | false
                    a*.b             | false | false
                    a.b>             | false | false
                    日本.語          | true  | true
                    """)
    void validity(String s, boolean subject, boolean pattern) {
        assertThat(Subjects.isValidSubject(s)).as("subject %s", s).isEqualTo(subject);
        assertThat(Subjects.isValidPattern(s)).as("pattern %s", s).isEqualTo(pattern);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    a.*      | true
                    a.b      | false
                    a.b*     | false
                    >        | true
                    a.#      | true
                    """)
    void hasWildcard(String pattern, boolean expected) {
        assertThat(Subjects.hasWildcard(pattern)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void errors_sayWhichRuleBroke() {
        assertThatThrownBy(() -> Subjects.requireValidSubject("a.*"))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessage(
                        "invalid subject 'a.*': wildcard '*' is not allowed in a subject to publish to");
        assertThatThrownBy(() -> Subjects.requireValidPattern("a.>.b"))
                .hasMessageContaining("must be the last token");
        assertThatThrownBy(() -> Subjects.requireValidSubject(""))
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> Subjects.requireValidSubject("x".repeat(1025)))
                .hasMessageContaining("limit is 1024");
        assertThatThrownBy(() -> Subjects.requireValidSubject("a.".repeat(64) + "a"))
                .hasMessageContaining("more than 64 tokens");
        assertThatThrownBy(() -> Subjects.requireValidSubject("a\tb"))
                .hasMessageContaining("whitespace or control");
        assertThatThrownBy(() -> Subjects.requireValidSubject(null))
                .hasMessageContaining("must not be empty");
    }

    @ParameterizedTest
    @CsvSource({
        "a.b, a.b, true",
        "a.*, a.b, true",
        "a.*, a, false",
        "a.*, a.b.c, false",
        "a.>, a, false",
        "a.>, a.b.c, true",
        "a.#, a, true",
        "a.#, a.b.c, true",
        "*.b, a.b, true",
        "*.b, a.c, false",
        ">, a, true",
        "#, a.b, true"
    })
    void matches_followsTheWildcardRules(String pattern, String subject, boolean expected) {
        assertThat(Subjects.matches(pattern, subject)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "a.b, a.b, true",
        "a.b, a.c, false",
        "a.*, a.b, true",
        "a.*, *.b, true",
        "a.*, a.b.c, false",
        "a.>, a, false",
        "a.>, a.#, true",
        "a.#, a, true",
        "a.>, b.>, false",
        "orders.>, orders.eu.*, true",
        "orders.*, orders.eu.new, false",
        "a.*.c, a.b.d, false",
        "#, x.y, true"
    })
    void overlap_isSymmetricAndExact(String a, String b, boolean expected) {
        assertThat(Subjects.overlap(a, b)).isEqualTo(expected);
        assertThat(Subjects.overlap(b, a)).isEqualTo(expected);
    }
}
