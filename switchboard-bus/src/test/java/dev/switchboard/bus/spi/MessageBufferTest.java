package dev.switchboard.bus.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Priority;
import org.junit.jupiter.api.Test;

class MessageBufferTest {

    private static Message m(String name, Priority p) {
        return Message.builder("b").header("n", name).priority(p).build();
    }

    private static String name(Envelope e) {
        return e.message().header("n").orElseThrow();
    }

    @Test
    void poll_takesTheMostUrgentFirst_fifoWithinALevel() {
        MessageBuffer b = new MessageBuffer();
        b.add(m("low1", Priority.LOW), null);
        b.add(m("high1", Priority.HIGH), null);
        b.add(m("low2", Priority.LOW), null);
        b.add(m("high2", Priority.HIGH), null);

        assertThat(b.size()).isEqualTo(4);
        assertThat(name(b.poll())).isEqualTo("high1");
        assertThat(name(b.poll())).isEqualTo("high2");
        assertThat(name(b.poll())).isEqualTo("low1");
        assertThat(name(b.poll())).isEqualTo("low2");
        assertThat(b.poll()).isNull();
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void removeOldest_takesTheEarliestAddedWhateverItsPriority() {
        MessageBuffer b = new MessageBuffer();
        b.add(m("first", Priority.CRITICAL), null);
        b.add(m("second", Priority.LOWEST), null);

        assertThat(name(b.removeOldest())).isEqualTo("first");
        assertThat(name(b.removeOldest())).isEqualTo("second");
        assertThat(b.removeOldest()).isNull();
    }
}
