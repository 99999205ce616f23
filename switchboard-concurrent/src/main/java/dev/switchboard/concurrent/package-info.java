/**
 * The Thread System's public API.
 *
 * <p>Start with {@link dev.switchboard.concurrent.JobScheduler#create(SchedulerConfig)}; configure
 * it with {@link dev.switchboard.concurrent.SchedulerConfig#builder()}. Jobs carry a {@link
 * dev.switchboard.core.message.Priority} and may be tagged with a {@link
 * dev.switchboard.concurrent.Lane}.
 */
package dev.switchboard.concurrent;
