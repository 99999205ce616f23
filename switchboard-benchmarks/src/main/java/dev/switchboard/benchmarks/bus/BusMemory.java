package dev.switchboard.benchmarks.bus;

import dev.switchboard.bus.InProcessBus;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Priority;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Heap per bus subscription, at rest and after use: {@code java -cp switchboard-benchmarks.jar
 * dev.switchboard.benchmarks.bus.BusMemory [subscriptions]} (100,000 by default; give the JVM
 * {@code -Xmx} to hold them). Prints one Markdown table.
 *
 * <p>Each subscription has a pattern of its own ({@code mem.<i>.events}; every tenth {@code
 * mem.<i>.*}) and delivers through its buffer to an executor that runs the drain on the publishing
 * thread, so nothing stays queued. The heap is read after a full collection at four points: empty
 * bus; subscribed (router entries and subscriptions); after one NORMAL message to each (each
 * subscription's first priority level now has its queue; the router's route cache, shared and
 * bounded, adds little per subscription at this scale); after one HIGH message to each (a second
 * level). The collections are requested with {@code System.gc()}, so a JVM run with {@code
 * -XX:+DisableExplicitGC} measures nothing useful.
 */
public final class BusMemory {
    private BusMemory() {}

    /** What one run measured, in bytes per subscription. */
    record Result(int subscriptions, double subscribed, double firstLevel, double secondLevel) {}

    /**
     * @param args optional number of subscriptions
     * @throws InterruptedException if interrupted between collections
     */
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Result r = measure(n);
        System.out.printf(
                "Heap per bus subscription (JDK %s, %,d subscriptions, default capacity):%n%n",
                Runtime.version(), r.subscriptions());
        System.out.println("| state | bytes per subscription |");
        System.out.println("|---|---:|");
        System.out.printf("| subscribed, never used | %,.0f |%n", r.subscribed());
        System.out.printf("| + one priority level used (its queue) | %,.0f |%n", r.firstLevel());
        System.out.printf("| + a second priority level used | %,.0f |%n", r.secondLevel());
    }

    /**
     * @param n how many subscriptions
     * @return the heap each one took at each point
     * @throws InterruptedException if interrupted between collections
     */
    static Result measure(int n) throws InterruptedException {
        try (InProcessBus bus = InProcessBus.builder().tickInterval(Duration.ZERO).build()) {
            LongAdder delivered = new LongAdder();
            SubscriptionOptions options =
                    SubscriptionOptions.builder().executor(Runnable::run).build();
            long empty = heapAfterGc();
            for (int i = 0; i < n; i++) {
                String pattern = i % 10 == 0 ? "mem." + i + ".*" : "mem." + i + ".events";
                bus.subscribe(pattern, d -> delivered.increment(), options);
            }
            long subscribed = heapAfterGc();
            publishToEach(bus, n, Priority.NORMAL);
            long oneLevel = heapAfterGc();
            publishToEach(bus, n, Priority.HIGH);
            long twoLevels = heapAfterGc();
            if (delivered.sum() != 2L * n) {
                throw new IllegalStateException(
                        "expected " + 2L * n + " deliveries, got " + delivered.sum());
            }
            return new Result(
                    n,
                    (subscribed - empty) / (double) n,
                    (oneLevel - subscribed) / (double) n,
                    (twoLevels - oneLevel) / (double) n);
        }
    }

    private static void publishToEach(InProcessBus bus, int n, Priority priority) {
        for (int i = 0; i < n; i++) {
            bus.publish(Message.builder("mem." + i + ".events").priority(priority).build());
        }
    }

    /** Heap in use after full collections, once it stops shrinking. */
    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
