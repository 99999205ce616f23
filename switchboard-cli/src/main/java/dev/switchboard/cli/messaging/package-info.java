/**
 * What the messaging subcommands ({@code pub}, {@code sub}, {@code req}, {@code reply}, {@code
 * bench}) share: the server options, header and duration parsing, payload input and message output.
 */
package dev.switchboard.cli.messaging;
