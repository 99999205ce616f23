package dev.switchboard.broker.internal;

import java.util.concurrent.atomic.LongAdder;

/** Broker-wide counters. Thread-safe; increments are cheap under contention (LongAdder). */
final class ServerStats {
    // Traffic of closed connections; live ones count their own (see BrokerCore.traffic()).
    final LongAdder retiredMsgsIn = new LongAdder();
    final LongAdder retiredBytesIn = new LongAdder();
    final LongAdder retiredMsgsOut = new LongAdder();
    final LongAdder retiredBytesOut = new LongAdder();
    final LongAdder slowConsumers = new LongAdder();
    final LongAdder droppedSlowConsumer = new LongAdder();
    final LongAdder droppedSystemQueueFull = new LongAdder(); // $SYS requests/advisories
    final LongAdder noResponders = new LongAdder();
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsRefused = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    final LongAdder authFailures = new LongAdder();
}
