package dev.switchboard.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a buffer that was garbage collected without being
 * released. Surefire runs with {@code -Dio.netty.leakDetection.level=paranoid}, which only logs
 * leaks; this extension listens on the buffer leak detector and turns each report into a failure of
 * the test that was running (or the next one: a report needs a GC, and leaks are attributed when
 * found).
 */
public final class NoLeaks implements BeforeAllCallback, AfterAllCallback {
    /** Created by JUnit. */
    public NoLeaks() {}

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        try {
            Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
            f.setAccessible(true);
            ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) f.get(null);
            detector.setLeakListener((type, records) -> LEAKS.add(type + " leaked:\n" + records));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        collect(); // a leak from before this class is not its fault
        LEAKS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> found = collect();
        assertThat(found).as("buffers leaked by %s", context.getDisplayName()).isEmpty();
    }

    /** Runs the GC and lets the detector poll its queue: it reports leaks only when it tracks. */
    private static List<String> collect() {
        if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
            return List.of();
        }
        // The reference handler enqueues collected references asynchronously: wait until it has
        // processed a sentinel collected in the same GC, rather than for a fixed time.
        ReferenceQueue<Object> processed = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), processed);
        System.gc();
        try {
            if (processed.remove(5_000) == null) {
                System.gc(); // rare: the sentinel survived; one more collection
                processed.remove(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
        for (int i = 0; i < 2; i++) {
            // Only tracked allocations poll the detector's queue; unpooled heap buffers are not.
            ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
            probe.release();
        }
        List<String> out = new ArrayList<>(LEAKS);
        LEAKS.clear();
        return out;
    }
}
