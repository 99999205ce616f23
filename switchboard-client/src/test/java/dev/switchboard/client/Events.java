package dev.switchboard.client;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records connection events and the threads they arrive on. */
final class Events implements ConnectionListener {
    final List<ConnectionEvent> all = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ConnectionEvent event) {
        all.add(event);
        threads.add(Thread.currentThread().getName());
    }

    List<ConnectionEvent.Type> types() {
        return all.stream().map(ConnectionEvent::type).toList();
    }

    long count(ConnectionEvent.Type type) {
        return all.stream().filter(e -> e.type() == type).count();
    }

    ConnectionEvent awaitFirst(ConnectionEvent.Type type) {
        await().atMost(Duration.ofSeconds(10)).until(() -> count(type) > 0);
        return all.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }
}
