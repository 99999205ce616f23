package dev.switchboard.bus.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The loop that runs one {@link Stage} until {@link Signal#END} or an interrupt. */
final class StageWorker implements Runnable {
    private final Stage stage;
    private final CountDownLatch done;
    volatile Thread thread;

    StageWorker(Stage stage, CountDownLatch done) {
        this.stage = stage;
        this.done = done;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            long poll = stage.pollNanos();
            Object item =
                    poll < 0 ? stage.input.take() : stage.input.poll(poll, TimeUnit.NANOSECONDS);
            if (item == null) {
                stage.onTimer();
            } else if (item instanceof Signal signal) {
                stage.flush();
                if (stage.next != null) {
                    stage.next.input.put(signal);
                }
                if (signal == Signal.END) {
                    return;
                }
            } else {
                stage.in.incrementAndGet();
                stage.accept(item);
                if (poll >= 0) {
                    stage.onTimer();
                }
            }
        }
    }

    void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
