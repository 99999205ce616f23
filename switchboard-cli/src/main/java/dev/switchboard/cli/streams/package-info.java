/**
 * The {@code stream} and {@code consumer} subcommands: durable streams managed and consumed from a
 * shell over the client's {@link dev.switchboard.client.Streams} API. Each subcommand is a small
 * {@link dev.switchboard.cli.streams.StreamApiCommand}; {@link
 * dev.switchboard.cli.streams.InfoPrinter} renders the human output.
 */
package dev.switchboard.cli.streams;
