package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bus.NoRespondersException;
import dev.switchboard.bus.RequestTimeoutException;
import dev.switchboard.core.ManualClock;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameFlags;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestReplyTest extends ClientTestBase {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void request_getsTheReply_throughOneWildcardInbox() throws Exception {
        ScriptedServer server = routingServer();
        Connection responder = connect(options(server).name("responder").build());
        responder.subscribe(
                "echo",
                m -> m.respond(utf8("re:" + new String(m.payload(), StandardCharsets.UTF_8))));
        responder.flush(WAIT);
        Connection c = connect(options(server).build());

        Msg a = c.request("echo", utf8("a"), WAIT).get(10, TimeUnit.SECONDS);
        Msg b = c.requestBlocking("echo", utf8("b"), WAIT);

        assertThat(new String(a.payload(), StandardCharsets.UTF_8)).isEqualTo("re:a");
        assertThat(new String(b.payload(), StandardCharsets.UTF_8)).isEqualTo("re:b");
        List<Frame.Sub> inboxes =
                server.frames(Frame.Sub.class).stream()
                        .filter(s -> s.pattern().startsWith("_INBOX."))
                        .toList();
        assertThat(inboxes).singleElement();
        assertThat(inboxes.get(0).pattern()).matches("_INBOX\\.[0-9A-Za-z]{22}\\.\\*");
        List<Frame.Pub> requests =
                server.frames(Frame.Pub.class).stream().filter(Frame.Pub::request).toList();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).replyTo()).startsWith(inboxes.get(0).pattern().replace("*", ""));
        assertThat(FrameFlags.PUB_REQUEST).isEqualTo(1);
    }

    @Test
    void requestFuture_completesOffTheIoThread_soItsStagesMayBlock() throws Exception {
        ScriptedServer server = routingServer();
        Connection c = connect(options(server).build());
        c.subscribe("echo", m -> m.respond(m.payload()));

        CompletableFuture<String> chained =
                c.request("echo", utf8("1"), WAIT)
                        .thenApply(
                                first -> {
                                    try {
                                        return Thread.currentThread().getName()
                                                + "|"
                                                + new String(
                                                        c.requestBlocking("echo", utf8("2"), WAIT)
                                                                .payload(),
                                                        StandardCharsets.UTF_8);
                                    } catch (InterruptedException e) {
                                        throw new IllegalStateException(e);
                                    }
                                });

        String result = chained.get(10, TimeUnit.SECONDS);
        assertThat(result).endsWith("|2").doesNotContain("-io");
    }

    @Test
    void request_withNoResponders_failsAtOnce() {
        ScriptedServer server = routingServer();
        CompletableFuture<Msg> f;
        try (Connection c = Connection.connect(options(server).build())) {
            f = c.request("nobody.home", utf8("?"), Duration.ofHours(1));
            await().atMost(WAIT).until(f::isDone);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThatThrownBy(f::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NoRespondersException.class)
                .hasMessageContaining("nobody.home");
    }

    @Test
    void request_timesOutOnTheInjectedClock() throws Exception {
        ScriptedServer server = routingServer();
        ManualClock clock = new ManualClock();
        Connection c = connect(options(server).clock(clock).build());
        c.subscribe("slow", m -> {});
        c.flush(WAIT);

        CompletableFuture<Msg> f = c.request("slow", utf8("?"), Duration.ofSeconds(2));
        clock.advance(Duration.ofMillis(1_999));
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> !f.isDone());
        clock.advance(Duration.ofMillis(1));

        await().atMost(WAIT).until(f::isDone);
        assertThatThrownBy(f::get)
                .hasCauseInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("slow");
        assertThat(((dev.switchboard.client.internal.ClientConnection) c).pendingRequests())
                .isZero();
    }

    @Test
    void requestAll_collectsUntilMax_orTheDeadline() throws Exception {
        ScriptedServer server = routingServer();
        ManualClock clock = new ManualClock();
        Connection c = connect(options(server).clock(clock).build());
        java.util.concurrent.atomic.AtomicInteger replied =
                new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 3; i++) {
            String who = "r" + i;
            c.subscribe(
                    "census",
                    m -> {
                        m.respond(utf8(who));
                        replied.incrementAndGet();
                    });
        }
        c.flush(WAIT);

        List<Msg> three =
                c.requestAll("census", utf8("?"), 3, Duration.ofHours(1)).get(10, TimeUnit.SECONDS);
        CompletableFuture<List<Msg>> upTo5 =
                c.requestAll("census", utf8("?"), 5, Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> replied.get() == 6);
        c.flush(WAIT); // the replies, published before this PING, are in
        assertThat(upTo5).isNotDone();
        clock.advance(Duration.ofSeconds(1));

        assertThat(three)
                .extracting(m -> new String(m.payload(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("r0", "r1", "r2");
        assertThat(upTo5.get(10, TimeUnit.SECONDS)).hasSize(3);
    }

    @Test
    void cancellingARequest_forgetsIt() throws Exception {
        ScriptedServer server = routingServer();
        Connection c = connect(options(server).build());
        c.subscribe("slow", m -> {});
        c.flush(WAIT);

        CompletableFuture<Msg> f = c.request("slow", utf8("?"), Duration.ofHours(1));
        f.cancel(false);

        assertThat(((dev.switchboard.client.internal.ClientConnection) c).pendingRequests())
                .isZero();
    }
}
