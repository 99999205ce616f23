package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.seq;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A handler that records sequence numbers and holds the first message until {@link #open()}, so a
 * test can fill the buffer behind it.
 */
final class Gate implements MessageHandler {
    final List<Integer> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    @Override
    public void onMessage(Delivery d) throws InterruptedException {
        entered.countDown();
        open.await();
        seen.add(seq(d));
    }

    void awaitHeld() throws InterruptedException {
        if (!entered.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the handler never received the first message");
        }
    }

    void open() {
        open.countDown();
    }
}
