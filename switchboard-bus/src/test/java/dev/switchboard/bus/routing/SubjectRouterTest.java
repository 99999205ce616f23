package dev.switchboard.bus.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectRouterTest {

    @Test
    void queueGroups_areMergedByNameAcrossPatterns() {
        SubjectRouter<String> router = new SubjectRouter<>();
        router.add("orders.*", "workers", "w1");
        router.add("orders.>", "workers", "w2");
        router.add("orders.eu", "audit", "a1");
        router.add("orders.eu", null, "plain");
        Match<String> m = router.match("orders.eu");
        assertThat(m.targets()).containsExactly("plain");
        assertThat(m.groups())
                .extracting(QueueGroup::name)
                .containsExactlyInAnyOrder("workers", "audit");
        assertThat(
                        m.groups().stream()
                                .filter(g -> g.name().equals("workers"))
                                .findFirst()
                                .orElseThrow()
                                .members())
                .containsExactlyInAnyOrder("w1", "w2");
        assertThat(m.deliveries()).isEqualTo(3);
    }

    @Test
    void remove_takesOutOneSubscription_andPrunesEmptyNodes() {
        SubjectRouter<String> router = new SubjectRouter<>();
        router.add("a.b.c", null, "x");
        router.add("a.b.c", null, "x");
        router.add("a.*", "g", "y");
        assertThat(router.size()).isEqualTo(3);
        assertThat(router.match("a.b.c").targets()).containsExactly("x", "x");
        assertThat(router.remove("a.b.c", null, "x")).isTrue();
        assertThat(router.match("a.b.c").targets()).containsExactly("x");
        assertThat(router.remove("a.b.c", null, "x")).isTrue();
        assertThat(router.remove("a.b.c", null, "x")).isFalse();
        assertThat(router.remove("a.*", null, "y")).as("wrong group").isFalse();
        assertThat(router.remove("a.*", "g", "y")).isTrue();
        assertThat(router.match("a.b.c").isEmpty()).isTrue();
        assertThat(router.size()).isZero();
        assertThat(router.remove("no.such", null, "x")).isFalse();
        assertThat(router.remove("bad..pattern", null, "x")).isFalse();
    }

    @Test
    void cachedMatches_seeEveryLaterChange() {
        SubjectRouter<String> router = new SubjectRouter<>();
        assertThat(router.match("a.b").isEmpty()).isTrue();
        router.add("a.>", null, "x");
        assertThat(router.match("a.b").targets()).containsExactly("x");
        assertThat(router.match("a.b").targets()).containsExactly("x");
        router.remove("a.>", null, "x");
        assertThat(router.match("a.b").isEmpty()).isTrue();
    }

    @Test
    void smallCache_staysBoundedAndCorrect() {
        SubjectRouter<String> router = new SubjectRouter<>(8);
        router.add("s.*", null, "x");
        for (int i = 0; i < 1000; i++) {
            assertThat(router.match("s." + i).targets()).containsExactly("x");
        }
        SubjectRouter<String> uncached = new SubjectRouter<>(0);
        uncached.add("s.*", null, "x");
        assertThat(uncached.match("s.1").targets()).containsExactly("x");
        assertThatThrownBy(() -> new SubjectRouter<String>(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badArguments_areRejected() {
        SubjectRouter<String> router = new SubjectRouter<>();
        assertThatThrownBy(() -> router.add("a", "", "x"))
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> router.add("a", "a b", "x")).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> router.add("a", null, null)).hasMessageContaining("target");
    }

    /** Random patterns and subjects, checked against the plain recursive definition. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomPatterns_matchExactlyLikeTheReference(long seed) {
        Random random = new Random(seed);
        SubjectRouter<Integer> router = new SubjectRouter<>(64);
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String p = randomPattern(random);
            patterns.add(p);
            router.add(p, null, i);
        }
        for (int k = 0; k < 2000; k++) {
            String subject = randomSubject(random);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < patterns.size(); i++) {
                boolean matches = ReferenceMatcher.matches(patterns.get(i), subject);
                assertThat(dev.switchboard.core.message.Subjects.matches(patterns.get(i), subject))
                        .as("Subjects.matches(%s, %s)", patterns.get(i), subject)
                        .isEqualTo(matches);
                if (matches) {
                    expected.add(i);
                }
            }
            assertThat(router.match(subject).targets())
                    .as("seed %d subject %s", seed, subject)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** Replies to one-off inboxes, with and without literal last tokens subscribed nearby. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void matchReply_matchesExactlyLikeTheReference(long seed) {
        Random random = new Random(seed);
        SubjectRouter<Integer> router = new SubjectRouter<>(64);
        List<String> patterns = new ArrayList<>();
        String[] inboxPatterns = {
            "_I.a.*",
            "_I.b.*",
            "_I.>",
            "_I.#",
            "*.a.*",
            "_I.*.*",
            "_I.c.lit",
            "_I.*.lit",
            "_I.a.#",
            "_I.*.>",
            "_I.b"
        };
        for (int i = 0; i < 300; i++) {
            String p =
                    random.nextBoolean()
                            ? inboxPatterns[random.nextInt(inboxPatterns.length)]
                            : randomPattern(random);
            patterns.add(p);
            router.add(p, null, i);
        }
        for (int k = 0; k < 3000; k++) {
            String prefix =
                    random.nextInt(4) == 0
                            ? randomSubject(random)
                            : "_I." + "abcd".charAt(random.nextInt(4));
            String subject = prefix + "." + (random.nextInt(10) == 0 ? "lit" : "u" + k);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < patterns.size(); i++) {
                if (ReferenceMatcher.matches(patterns.get(i), subject)) {
                    expected.add(i);
                }
            }
            assertThat(router.matchReply(subject).targets())
                    .as("seed %d subject %s", seed, subject)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void matchReply_seesALiteralSubscribedAfterItsPrefixWasCached() {
        SubjectRouter<String> router = new SubjectRouter<>();
        router.add("_I.a.*", null, "owner");
        assertThat(router.matchReply("_I.a.1").targets()).containsExactly("owner");
        router.add("_I.a.2", null, "spy");
        assertThat(router.matchReply("_I.a.2").targets()).containsExactlyInAnyOrder("owner", "spy");
        assertThat(router.matchReply("_I.a.3").targets()).containsExactly("owner");
        assertThat(router.matchAnyLastToken("_I.a"))
                .as("a literal last token is subscribed")
                .isNull();
        assertThat(router.matchAnyLastToken("_I.b").isEmpty()).isTrue();
        router.remove("_I.a.2", null, "spy");
        assertThat(router.matchAnyLastToken("_I.a").targets()).containsExactly("owner");
        router.remove("_I.a.*", null, "owner");
        assertThat(router.matchReply("_I.a.4").isEmpty()).isTrue();
        assertThatThrownBy(() -> router.matchReply("_I.a.*"))
                .isInstanceOf(dev.switchboard.core.message.InvalidSubjectException.class);
    }

    static String randomPattern(Random random) {
        int n = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('.');
            }
            int r = random.nextInt(10);
            if (r == 0) {
                sb.append('*');
            } else if (r == 1 && i == n - 1) {
                sb.append(random.nextBoolean() ? '>' : '#');
            } else {
                sb.append("t").append(random.nextInt(3));
            }
        }
        return sb.toString();
    }

    static String randomSubject(Random random) {
        int n = 1 + random.nextInt(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append("t").append(random.nextInt(3));
        }
        return sb.toString();
    }
}
