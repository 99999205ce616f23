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
}
