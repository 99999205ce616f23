package dev.switchboard.bus;

import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Priority;

/** Test messages stamped by a given clock, with a {@code seq} header. */
final class Messages {
    private Messages() {}

    static Message msg(Clock clock, String subject) {
        return Message.builder(subject).clock(clock).build();
    }

    static Message msg(Clock clock, String subject, int seq) {
        return Message.builder(subject).clock(clock).header("seq", Integer.toString(seq)).build();
    }

    static Message msg(Clock clock, String subject, int seq, Priority priority) {
        return Message.builder(subject)
                .clock(clock)
                .priority(priority)
                .header("seq", Integer.toString(seq))
                .build();
    }

    static int seq(Message m) {
        return Integer.parseInt(m.header("seq").orElseThrow());
    }

    static int seq(Delivery d) {
        return seq(d.message());
    }
}
