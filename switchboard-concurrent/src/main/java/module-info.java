/**
 * The Thread System: a priority job scheduler with per-worker bounded queues, work stealing, aging,
 * typed lanes (platform-thread workers or virtual threads), explicit full-queue policies, graceful
 * shutdown and pluggable metrics. Only {@code dev.switchboard.concurrent} is API; the engine lives
 * in {@code dev.switchboard.concurrent.internal}.
 */
module dev.switchboard.concurrent {
    requires transitive dev.switchboard.core;
    requires org.jctools.core.jdk11;

    exports dev.switchboard.concurrent;
}
