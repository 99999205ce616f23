package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Handlers run on the I/O thread ({@link SubscribeOptions#inline}) and spinning blocking calls. */
class InlineHandlerTest extends ClientTestBase {
    private static final SubscribeOptions INLINE = SubscribeOptions.builder().inline(true).build();

    @Test
    void inlineResponder_answersFromTheIoThread_andASpinningRequesterGetsIt() throws Exception {
        ScriptedServer server = routingServer();
        Connection responder = connect(options(server).name("responder").build());
        List<String> threads = new CopyOnWriteArrayList<>();
        responder.subscribe(
                "echo",
                INLINE,
                m -> {
                    threads.add(Thread.currentThread().getName());
                    m.respond(m.payload());
                });
        responder.flush(WAIT);
        Connection requester = connect(options(server).spinWait(Duration.ofMillis(1)).build());

        for (int i = 0; i < 50; i++) {
            byte[] body = ("r" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(requester.requestBlocking("echo", body, WAIT).payload()).isEqualTo(body);
        }

        assertThat(threads).hasSize(50).allMatch(t -> t.contains("-io"));
    }

    @Test
    void blockingCallsFromAnInlineHandler_failAtOnce_insteadOfStallingTheConnection()
            throws Exception {
        ScriptedServer server = routingServer();
        Connection c = connect(options(server).build());
        c.subscribe("echo", m -> m.respond(m.payload())); // on the dispatcher: it can answer
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        c.subscribe(
                "go",
                INLINE,
                m -> {
                    List<String> errors = new ArrayList<>();
                    try {
                        c.requestBlocking("echo", new byte[1], WAIT);
                    } catch (Exception e) {
                        errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                    try {
                        c.flush(WAIT);
                    } catch (Exception e) {
                        errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                    // The asynchronous form works from here.
                    c.request("echo", new byte[] {7}, WAIT)
                            .whenComplete((r, e) -> seen.complete(errors));
                });
        c.flush(WAIT);

        c.publish("go", new byte[0]);

        List<String> errors = seen.get(10, TimeUnit.SECONDS);
        assertThat(errors)
                .containsExactly(
                        "IllegalStateException: a blocking request would block the connection's"
                                + " I/O thread (a handler subscribed with SubscribeOptions inline"
                                + " runs there): use the asynchronous form",
                        "IllegalStateException: flush would block the connection's I/O thread (a"
                                + " handler subscribed with SubscribeOptions inline runs there):"
                                + " use the asynchronous form");
    }

    @Test
    void inlineHandler_publishingIntoAFullBuffer_failsAtOnce_andTheConnectionGoesOn()
            throws Exception {
        ScriptedServer server = routingServer();
        // A publish that waited for room would wait a minute: the 10 s below would fail first.
        Connection c =
                connect(
                        options(server)
                                .publishBufferBytes(1024)
                                .publishTimeout(Duration.ofMinutes(1))
                                .build());
        CompletableFuture<String> outcome = new CompletableFuture<>();
        c.subscribe(
                "burst",
                INLINE,
                m -> {
                    // Nothing can be written while this handler holds the I/O thread, so the
                    // second 600-byte publish cannot fit in the 1 KiB buffer.
                    int sent = 0;
                    try {
                        for (; sent < 3; sent++) {
                            c.publish("out", new byte[600]);
                        }
                        outcome.complete("all sent");
                    } catch (BufferFullException e) {
                        outcome.complete(sent + " sent; " + e.getMessage());
                    }
                });
        Subscription out = c.subscribe("out", m -> {});
        c.flush(WAIT);

        c.publish("burst", new byte[0]);

        String result = outcome.get(10, TimeUnit.SECONDS);
        assertThat(result)
                .startsWith("1 sent; cannot publish to 'out': the publish buffer is full")
                .contains("inline handler cannot wait");
        c.flush(WAIT);
        await().atMost(WAIT).until(() -> out.delivered() == 1);
    }
}
