package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.message.Priority;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PriorityOrderTest extends SchedulerTestSupport {

    private record Tagged(Priority priority, int seq) {}

    @Test
    void busyWorker_servesQueuedJobsHighestPriorityFirst_fifoWithinPriority() throws Exception {
        JobScheduler s = start(config(1));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();

        List<Tagged> submitted = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (Priority p : Priority.values()) {
                submitted.add(new Tagged(p, submitted.size()));
            }
        }
        Collections.shuffle(submitted, new Random(42));
        List<Tagged> ran = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (Tagged t : submitted) {
            futures.add(
                    s.submit(
                            () -> {
                                ran.add(t);
                            },
                            t.priority()));
        }
        gate.open();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);

        List<Tagged> expected = new ArrayList<>(submitted);
        // Stable sort: submission order is kept within a priority.
        expected.sort(Comparator.comparing(Tagged::priority).reversed());
        assertThat(ran).containsExactlyElementsOf(expected);
        assertThat(ran.getFirst().priority()).isEqualTo(Priority.CRITICAL);
        assertThat(ran.getLast().priority()).isEqualTo(Priority.LOWEST);
    }

    @Test
    void criticalJobSubmittedLast_overtakesQueuedLowerJobs() throws Exception {
        JobScheduler s = start(config(1));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 50; i++) {
            String name = "normal-" + i;
            s.execute(() -> ran.add(name), Priority.NORMAL);
        }
        CompletableFuture<Void> critical =
                s.submit(
                        () -> {
                            ran.add("critical");
                        },
                        Priority.CRITICAL);
        CompletableFuture<Void> last =
                s.submit(
                        () -> {
                            ran.add("last");
                        },
                        Priority.LOWEST);
        gate.open();
        last.get(10, TimeUnit.SECONDS);
        assertThat(critical).isCompleted();
        assertThat(ran).hasSize(52).startsWith("critical", "normal-0").endsWith("last");
    }
}
