package dev.switchboard.cli;

import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.codec.Compression;
import dev.switchboard.core.codec.CompressionPolicy;
import dev.switchboard.core.codec.DecodeLimits;
import dev.switchboard.core.codec.JsonCodec;
import dev.switchboard.core.codec.MessageView;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Endpoint;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * A tour of the Container System: builds a typed message, encodes it to binary and JSON, peeks at
 * its envelope without decoding the body, compresses it with each algorithm, and checks every round
 * trip. What the README's main command runs until the broker exists.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Build, encode, compress and decode a sample message, checking each round trip.")
final class DemoCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Message message =
                Message.builder("orders.eu.created")
                        .type(MessageType.EVENT)
                        .priority(Priority.HIGH)
                        .source(Endpoint.of("order-service", "instance-1"))
                        .ttl(Duration.ofMinutes(5))
                        .correlationId("checkout-7f3a")
                        .traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                        .header("tenant", "acme")
                        .body(
                                Container.builder()
                                        .put("orderId", 1_234_567_890_123L)
                                        .put("customer", "Zoë <zoe@example.com>")
                                        .put("amount", 129.99)
                                        .put("express", true)
                                        .putInt16("items", (short) 3)
                                        .put(
                                                "lines",
                                                List.<Value>of(
                                                        Value.of(
                                                                Container.builder()
                                                                        .put("sku", "A-1")
                                                                        .put("qty", 2)
                                                                        .build()),
                                                        Value.of(
                                                                Container.builder()
                                                                        .put("sku", "B-7")
                                                                        .put("qty", 1)
                                                                        .build())))
                                        .put("note", "x".repeat(2000))
                                        .build())
                        .build();

        JsonCodec json = JsonCodec.create(DecodeLimits.DEFAULT, true);
        out.println("A message, as JSON (typed: int16 and int32 carry tags, int64 does not):");
        String text = json.encode(message);
        out.println(text.replace("x".repeat(2000), "xxx...(2000 chars)"));

        BinaryCodec binary = BinaryCodec.create();
        byte[] bytes = binary.encode(message);
        out.printf(
                "%nBinary: %d bytes (JSON: %d). First 48 bytes:%n  %s%n",
                bytes.length, text.length(), HexFormat.ofDelimiter(" ").formatHex(bytes, 0, 48));

        MessageView view = binary.view(bytes);
        out.printf(
                "%nLazy view, body untouched: subject=%s priority=%s tenant=%s%n",
                view.subject(), view.priority(), view.header("tenant").orElse("?"));

        boolean ok = binary.decode(bytes).equals(message) && json.decode(text).equals(message);
        for (Compression algorithm : Compression.values()) {
            if (algorithm == Compression.NONE || !algorithm.isAvailable()) {
                continue;
            }
            BinaryCodec packed =
                    BinaryCodec.create(DecodeLimits.DEFAULT, CompressionPolicy.of(algorithm, 256));
            byte[] compressed = packed.encode(message);
            boolean same = BinaryCodec.create().decode(compressed).equals(message);
            ok &= same;
            out.printf(
                    "Compressed with %-7s: %5d bytes, decodes to the same message: %s%n",
                    algorithm, compressed.length, same);
        }
        out.println(ok ? "\nAll round trips equal." : "\nA ROUND TRIP DIFFERED.");
        return ok ? 0 : 1;
    }
}
