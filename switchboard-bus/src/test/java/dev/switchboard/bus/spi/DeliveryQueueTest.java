package dev.switchboard.bus.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Priority;
import org.junit.jupiter.api.Test;

class DeliveryQueueTest {

    private static Message m(String name, Priority p) {
        return Message.builder("b").header("n", name).priority(p).build();
    }

    private static String name(Envelope e) {
        return e.message().header("n").orElseThrow();
    }

    private static void add(DeliveryQueue q, String name, Priority p) {
        long place = q.reserve();
        assertThat(place).isNotNegative();
        q.add(place, m(name, p), null);
    }

    @Test
    void poll_takesTheMostUrgentFirst_fifoWithinALevel() {
        DeliveryQueue q = new DeliveryQueue(16, false);
        add(q, "low1", Priority.LOW);
        add(q, "high1", Priority.HIGH);
        add(q, "low2", Priority.LOW);
        add(q, "high2", Priority.HIGH);

        assertThat(q.reserved()).isEqualTo(4);
        assertThat(name(q.poll())).isEqualTo("high1");
        assertThat(name(q.poll())).isEqualTo("high2");
        assertThat(name(q.poll())).isEqualTo("low1");
        assertThat(name(q.poll())).isEqualTo("low2");
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void reserve_isBoundedByTheCapacityAcrossLevels_andFreedByTaking() {
        DeliveryQueue q = new DeliveryQueue(3, false);
        add(q, "a", Priority.LOW);
        add(q, "b", Priority.HIGH);
        add(q, "c", Priority.NORMAL);
        assertThat(q.reserve()).isEqualTo(DeliveryQueue.FULL);

        assertThat(name(q.poll())).isEqualTo("b");
        add(q, "d", Priority.LOW);
        assertThat(q.reserve()).isEqualTo(DeliveryQueue.FULL);
    }

    @Test
    void capacityOne_holdsOneMessage() {
        DeliveryQueue q = new DeliveryQueue(1, false);
        add(q, "only", Priority.NORMAL);
        assertThat(q.reserve()).isEqualTo(DeliveryQueue.FULL);
        assertThat(name(q.poll())).isEqualTo("only");
        add(q, "next", Priority.NORMAL);
    }

    @Test
    void close_refusesReservations_butKeepsWhatIsBuffered() {
        DeliveryQueue q = new DeliveryQueue(4, false);
        add(q, "kept", Priority.NORMAL);
        q.close();

        assertThat(q.isClosed()).isTrue();
        assertThat(q.reserve()).isEqualTo(DeliveryQueue.CLOSED);
        assertThat(q.reserved()).isEqualTo(1);
        assertThat(name(q.poll())).isEqualTo("kept");
    }

    @Test
    void evictOldest_takesTheEarliestAddedWhateverItsPriority() {
        DeliveryQueue q = new DeliveryQueue(2, true);
        add(q, "first", Priority.LOWEST);
        add(q, "second", Priority.CRITICAL);
        assertThat(q.reserve()).isEqualTo(DeliveryQueue.FULL);

        assertThat(name(q.evictOldest())).isEqualTo("first");
        q.add(0, m("third", Priority.LOWEST), null); // into the evicted message's place
        assertThat(q.reserve()).isEqualTo(DeliveryQueue.FULL);

        assertThat(name(q.evictOldest())).isEqualTo("second");
        assertThat(name(q.evictOldest())).isEqualTo("third");
        assertThat(q.evictOldest()).isNull();
    }

    @Test
    void abandon_givesThePlaceBack() {
        DeliveryQueue q = new DeliveryQueue(1, false);
        assertThat(q.reserve()).isZero();
        q.abandon(); // the add threw
        assertThat(q.reserved()).isZero();
        add(q, "next", Priority.NORMAL);
        assertThat(q.reserve()).isEqualTo(DeliveryQueue.FULL);
    }

    @Test
    void aMessageWithAReplySubject_keepsIt() {
        DeliveryQueue q = new DeliveryQueue(4, false);
        q.add(q.reserve(), m("asks", Priority.NORMAL), "_INBOX.1");
        q.add(q.reserve(), m("tells", Priority.NORMAL), null);

        Envelope asks = q.poll();
        Envelope tells = q.poll();
        assertThat(asks.replyTo()).isEqualTo("_INBOX.1");
        assertThat(asks.attempt()).isEqualTo(1);
        assertThat(name(tells)).isEqualTo("tells");
        assertThat(tells.replyTo()).isNull();
        assertThat(tells.attempt()).isEqualTo(1);
    }

    @Test
    void evictOldest_onAQueueNotMadeForIt_isRefused() {
        DeliveryQueue q = new DeliveryQueue(2, false);
        assertThatThrownBy(q::evictOldest)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("drop-oldest");
    }
}
