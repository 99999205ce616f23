package dev.switchboard.bus.registry;

import dev.switchboard.core.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Lets Resilience4j read Switchboard's injected {@link Clock}, so tests drive breakers by hand. */
final class ClockAdapter extends java.time.Clock {
    private final Clock clock;
    private final ZoneId zone;

    ClockAdapter(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    ClockAdapter(Clock clock) {
        this(clock, ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public java.time.Clock withZone(ZoneId newZone) {
        return new ClockAdapter(clock, newZone);
    }

    @Override
    public Instant instant() {
        return clock.instant();
    }

    @Override
    public long millis() {
        return clock.epochMillis();
    }
}
