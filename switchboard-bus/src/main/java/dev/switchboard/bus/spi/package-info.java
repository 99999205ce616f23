/**
 * For implementers of {@link dev.switchboard.bus.MessageBus}: the local delivery engine every bus
 * shares. A {@link dev.switchboard.bus.spi.BusSubscription} buffers offered messages with the
 * subscription's overflow policy, runs the handler serially in priority order, retries with backoff
 * and dead-letters; the bus supplies its clock, publishing, timers and routing through {@link
 * dev.switchboard.bus.spi.BusHost}. The in-process bus and the network client's bus both use it, so
 * their delivery semantics are the same code.
 */
package dev.switchboard.bus.spi;
