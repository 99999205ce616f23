package dev.switchboard.broker.internal;

import java.util.concurrent.atomic.LongAdder;

/** Broker-wide counters. Thread-safe; increments are cheap under contention (LongAdder). */
final class ServerStats {
    final LongAdder msgsIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder msgsOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder slowConsumers = new LongAdder();
    final LongAdder droppedSlowConsumer = new LongAdder();
    final LongAdder noResponders = new LongAdder();
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsRefused = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    final LongAdder authFailures = new LongAdder();
}
