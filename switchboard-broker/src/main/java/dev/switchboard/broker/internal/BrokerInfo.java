package dev.switchboard.broker.internal;

/** Facts about this build of the broker. */
final class BrokerInfo {
    /** The broker software's version. */
    static final String VERSION = "0.1.0";

    private BrokerInfo() {}
}
