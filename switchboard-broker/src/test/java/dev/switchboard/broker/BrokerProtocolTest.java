package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.ProtocolLimits;
import dev.switchboard.protocol.QueueMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's side of the protocol over real sockets, driven by a raw client that can send
 * anything: the handshake, routing, and one test per error code the broker reports.
 */
class BrokerProtocolTest {
    private Broker broker;

    private Broker start(BrokerConfig.Builder b) {
        broker = Broker.start(b.host("127.0.0.1").port(0).httpPort(0).build());
        return broker;
    }

    private Broker start() {
        return start(BrokerConfig.builder());
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private static Frame.Err assertFatal(RawClient c, ErrorCode code) throws Exception {
        Frame f = c.next();
        assertThat(f).isInstanceOf(Frame.Err.class);
        Frame.Err e = (Frame.Err) f;
        assertThat(e.code()).as(e.text()).isEqualTo(code.code());
        assertThat(e.fatal()).isTrue();
        assertThat(c.closedByServer()).isTrue();
        return e;
    }

    private static Frame.Err assertRefused(RawClient c, ErrorCode code, int sid) throws Exception {
        Frame f = c.next();
        assertThat(f).isInstanceOf(Frame.Err.class);
        Frame.Err e = (Frame.Err) f;
        assertThat(e.code()).as(e.text()).isEqualTo(code.code());
        assertThat(e.fatal()).isFalse();
        assertThat(e.sid()).isEqualTo(sid);
        return e;
    }

    private static Frame.Pub pub(String subject, String payload) {
        return new Frame.Pub(
                subject, null, Headers.EMPTY, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    private static Frame.Sub sub(int sid, String pattern) {
        return new Frame.Sub(sid, pattern, null, QueueMode.ROUND_ROBIN, null);
    }

    @Test
    void handshake_welcomesWithTheNegotiatedLimits() throws Exception {
        start(BrokerConfig.builder().serverName("alpha").maxPayload(4096));
        try (RawClient c = RawClient.tcp(broker.port())) {
            Frame.Welcome w = c.handshake();
            assertThat(w.version()).isEqualTo(dev.switchboard.protocol.ProtocolVersion.MAX);
            assertThat(w.serverName()).isEqualTo("alpha");
            assertThat(w.limits().maxPayload()).isEqualTo(4096);
            assertThat(w.connectionId()).isPositive();
        }
    }

    @Test
    void pubSub_deliversWithSubjectReplyHeadersAndPayload() throws Exception {
        start();
        try (RawClient sub = RawClient.tcp(broker.port());
                RawClient pub = RawClient.tcp(broker.port())) {
            sub.handshake();
            pub.handshake();
            sub.send(sub(7, "orders.*"));
            sub.flush();
            byte[] headers = Headers.encode(List.of(Map.entry("k", "v")));
            pub.send(
                    new Frame.Pub(
                            "orders.eu",
                            "reply.here",
                            headers,
                            "hello".getBytes(StandardCharsets.UTF_8),
                            false));
            pub.send(pub("other.eu", "not for you"));
            pub.send(pub("orders.us", "second"));
            Frame.Msg m1 = (Frame.Msg) sub.next();
            Frame.Msg m2 = (Frame.Msg) sub.next();
            assertThat(m1.sid()).isEqualTo(7);
            assertThat(m1.subject()).isEqualTo("orders.eu");
            assertThat(m1.replyTo()).isEqualTo("reply.here");
            assertThat(Headers.decode(m1.headers())).containsExactly(Map.entry("k", "v"));
            assertThat(new String(m1.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(m2.subject()).isEqualTo("orders.us");
        }
    }

    @Test
    void wildcards_followTheSubjectRules() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(sub(1, "a.*"));
            c.send(sub(2, "a.>"));
            c.send(sub(3, "a.#"));
            c.send(pub("a", "x"));
            c.send(pub("a.b", "x"));
            c.send(pub("a.b.c", "x"));
            c.send(new Frame.Ping());
            java.util.List<String> got = new java.util.ArrayList<>();
            Frame f;
            while (!((f = c.next()) instanceof Frame.Pong)) {
                Frame.Msg m = (Frame.Msg) f;
                got.add(m.sid() + ":" + m.subject());
            }
            assertThat(got)
                    .containsExactlyInAnyOrder(
                            "3:a", "1:a.b", "2:a.b", "3:a.b", "2:a.b.c", "3:a.b.c");
        }
    }

    @Test
    void queueGroup_spreadsMessagesRoundRobinAcrossConnections() throws Exception {
        start();
        try (RawClient a = RawClient.tcp(broker.port());
                RawClient b = RawClient.tcp(broker.port());
                RawClient pub = RawClient.tcp(broker.port())) {
            a.handshake();
            b.handshake();
            pub.handshake();
            a.send(new Frame.Sub(1, "work", "workers", QueueMode.ROUND_ROBIN, null));
            b.send(new Frame.Sub(1, "work", "workers", QueueMode.ROUND_ROBIN, null));
            a.flush();
            b.flush();
            for (int i = 0; i < 10; i++) {
                pub.send(pub("work", "job" + i));
            }
            pub.flush();
            a.send(new Frame.Ping());
            b.send(new Frame.Ping());
            int countA = 0;
            while (!(a.next() instanceof Frame.Pong)) {
                countA++;
            }
            int countB = 0;
            while (!(b.next() instanceof Frame.Pong)) {
                countB++;
            }
            assertThat(countA).isEqualTo(5);
            assertThat(countB).isEqualTo(5);
        }
    }

    @Test
    void request_withNoSubscriber_getsNoRespondersAtOnce() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(sub(9, "_INBOX.abc.*"));
            c.send(new Frame.Pub("nobody.home", "_INBOX.abc.1", Headers.EMPTY, new byte[0], true));
            Frame.Msg m = (Frame.Msg) c.next();
            assertThat(m.noResponders()).isTrue();
            assertThat(m.sid()).isEqualTo(9);
            assertThat(m.subject()).isEqualTo("_INBOX.abc.1");
        }
    }

    @Test
    void echoOff_keepsOwnPublishesAway() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.send(new Frame.Hello(1, 1, "quiet", null, "raw", false));
            assertThat(c.next()).isInstanceOf(Frame.Welcome.class);
            c.send(sub(1, "t"));
            c.send(pub("t", "mine"));
            c.send(new Frame.Ping());
            assertThat(c.next()).isInstanceOf(Frame.Pong.class);
        }
    }

    @Test
    void unsubWithMax_endsAfterThatManyMessages() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(sub(1, "t"));
            c.send(new Frame.Unsub(1, 2));
            for (int i = 0; i < 5; i++) {
                c.send(pub("t", "m" + i));
            }
            c.send(new Frame.Ping());
            int n = 0;
            while (!(c.next() instanceof Frame.Pong)) {
                n++;
            }
            assertThat(n).isEqualTo(2);
        }
    }

    // ---- one test per error code -------------------------------------------------------------

    @Test
    void pubBeforeHello_isUnexpectedFrame() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.send(pub("a", "b"));
            assertFatal(c, ErrorCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    void serverOnlyOpcode_fromAClient_isUnexpectedFrame() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(new Frame.Msg(1, "a", null, Headers.EMPTY, new byte[0], false));
            assertFatal(c, ErrorCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    void unknownOpcode_isReported() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.sendRaw(new byte[] {0, 0, 0, 0, 0x7E, 0});
            assertFatal(c, ErrorCode.UNKNOWN_OPCODE);
        }
    }

    @Test
    void oversizedControlFrame_isRefusedBeforeItsBodyArrives() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            // A HELLO declaring 1 GiB: refused on the header alone.
            c.sendRaw(new byte[] {0x40, 0, 0, 0, (byte) Opcode.HELLO_CODE, 0});
            assertFatal(c, ErrorCode.FRAME_TOO_LARGE);
        }
    }

    @Test
    void badFlags_areRejected() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.sendRaw(new byte[] {0, 0, 0, 0, (byte) Opcode.PING_CODE, 0x04});
            assertFatal(c, ErrorCode.BAD_FLAGS);
        }
    }

    @Test
    void malformedPub_isBadFrame() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            // PUB body of 4 bytes: subject length 200 runs past the body.
            c.sendRaw(new byte[] {0, 0, 0, 4, (byte) Opcode.PUB_CODE, 0, 0, (byte) 200, 0, 0});
            Frame.Err e = assertFatal(c, ErrorCode.BAD_FRAME);
            assertThat(e.text()).contains("PUB");
        }
    }

    @Test
    void unsupportedVersion_isRefused() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.send(new Frame.Hello(7, 9, "future", null, "raw", true));
            assertFatal(c, ErrorCode.UNSUPPORTED_VERSION);
        }
    }

    @Test
    void silentClient_isClosedAtTheHandshakeTimeout() throws Exception {
        start(BrokerConfig.builder().handshakeTimeout(Duration.ofMillis(200)));
        try (RawClient c = RawClient.tcp(broker.port())) {
            Frame.Err e = assertFatal(c, ErrorCode.HANDSHAKE_TIMEOUT);
            assertThat(e.text()).contains("200 ms");
        }
    }

    @Test
    void wrongToken_isAuthFailed_rightTokenIsWelcome() throws Exception {
        start(BrokerConfig.builder().authenticator(new StaticTokenAuthenticator("s3cret")));
        try (RawClient bad = RawClient.tcp(broker.port());
                RawClient none = RawClient.tcp(broker.port());
                RawClient good = RawClient.tcp(broker.port())) {
            bad.send(new Frame.Hello(1, 1, "x", "guess", "raw", true));
            Frame.Err e = assertFatal(bad, ErrorCode.AUTH_FAILED);
            assertThat(e.text()).doesNotContain("s3cret").doesNotContain("guess");
            none.send(new Frame.Hello(1, 1, "x", null, "raw", true));
            assertFatal(none, ErrorCode.AUTH_FAILED);
            assertThat(good.hello("y", "s3cret")).isInstanceOf(Frame.Welcome.class);
        }
        assertThat(broker.serverInfo()).containsEntry("auth_failures", 2L);
    }

    @Test
    void permissions_refusePublishAndSubscribe_withoutClosing() throws Exception {
        Permissions onlyPublic =
                new Permissions() {
                    @Override
                    public boolean canPublish(String subject) {
                        return subject.startsWith("public.");
                    }

                    @Override
                    public boolean canSubscribe(String pattern, String queueGroup) {
                        return pattern.startsWith("public.");
                    }
                };
        start(BrokerConfig.builder().authenticator(r -> new Principal("guest", onlyPublic)));
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(sub(4, "secret.>"));
            assertRefused(c, ErrorCode.PERMISSION_DENIED, 4);
            c.send(sub(5, "public.>"));
            c.send(pub("secret.plans", "x"));
            Frame.Err e = assertRefused(c, ErrorCode.PERMISSION_DENIED, 0);
            assertThat(e.text()).contains("secret.plans");
            c.send(pub("public.news", "ok"));
            assertThat(((Frame.Msg) c.next()).subject()).isEqualTo("public.news");
        }
    }

    @Test
    void payload_atTheLimitIsDelivered_oneBytePastIsRefused() throws Exception {
        start(BrokerConfig.builder().maxPayload(1024));
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(sub(1, "big"));
            c.send(new Frame.Pub("big", null, Headers.EMPTY, new byte[1024], false));
            assertThat(((Frame.Msg) c.next()).payload()).hasSize(1024);
            c.send(new Frame.Pub("big", null, Headers.EMPTY, new byte[1025], false));
            Frame.Err e = assertFatal(c, ErrorCode.PAYLOAD_TOO_LARGE);
            assertThat(e.text()).contains("1025").contains("1024");
        }
    }

    @Test
    void invalidSubjects_areRefusedWithoutClosing() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(sub(3, "a..b"));
            assertRefused(c, ErrorCode.INVALID_SUBJECT, 3);
            c.send(pub("a.*", "wildcards are for patterns"));
            assertRefused(c, ErrorCode.INVALID_SUBJECT, 0);
            c.send(new Frame.Pub("ok", "bad reply", Headers.EMPTY, new byte[0], false));
            assertRefused(c, ErrorCode.INVALID_SUBJECT, 0);
            c.flush(); // still open
        }
    }

    @Test
    void brokerSubjects_cannotBeForgedByClients_butRequestsAreAllowed() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(sub(1, "$SYS.ADVISORY.>"));
            c.send(pub("$SYS.ADVISORY.SLOW_CONSUMER", "{\"fake\":true}"));
            Frame.Err e = assertRefused(c, ErrorCode.PERMISSION_DENIED, 0);
            assertThat(e.text()).contains("reserved");
            c.send(sub(2, "_INBOX.r.*"));
            c.send(
                    new Frame.Pub(
                            "$SYS.REQ.SERVER.INFO",
                            "_INBOX.r.1",
                            Headers.EMPTY,
                            new byte[0],
                            true));
            Frame.Msg reply = (Frame.Msg) c.next();
            assertThat(reply.sid()).isEqualTo(2); // the forged advisory reached nobody
        }
    }

    @Test
    void invalidUtf8Subject_isRefused() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            ByteBuf b = Unpooled.buffer();
            FrameWriter.header(b, Opcode.PUB_CODE, 0, 2 + 2 + 2 + 4);
            b.writeShort(2).writeByte(0xC3).writeByte(0x28).writeShort(0).writeInt(0);
            c.sendRaw(ByteBufUtil.getBytes(b));
            b.release();
            Frame.Err e = assertRefused(c, ErrorCode.INVALID_SUBJECT, 0);
            assertThat(e.text()).contains("UTF-8");
        }
    }

    @Test
    void subscriptionLimit_andDuplicateSid_areRefused() throws Exception {
        start(BrokerConfig.builder().maxSubscriptionsPerConnection(2));
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(sub(1, "a"));
            c.send(sub(1, "b"));
            assertRefused(c, ErrorCode.DUPLICATE_SUBSCRIPTION_ID, 1);
            c.send(sub(2, "b"));
            c.send(sub(3, "c"));
            assertRefused(c, ErrorCode.TOO_MANY_SUBSCRIPTIONS, 3);
        }
    }

    @Test
    void queueGroup_withAnotherMode_isRefused() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(new Frame.Sub(1, "w", "g", QueueMode.ROUND_ROBIN, null));
            c.send(new Frame.Sub(2, "w", "g", QueueMode.RANDOM, null));
            Frame.Err e = assertRefused(c, ErrorCode.INVALID_QUEUE_GROUP, 2);
            assertThat(e.text()).contains("ROUND_ROBIN").contains("RANDOM");
        }
    }

    @Test
    void malformedHeaders_areBadHeaders() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            c.send(new Frame.Pub("a", null, new byte[] {0, 5, 'x'}, new byte[0], false));
            assertFatal(c, ErrorCode.BAD_HEADERS);
        }
    }

    @Test
    void connectionsPastTheMaximum_areRefused() throws Exception {
        start(BrokerConfig.builder().maxConnections(1));
        try (RawClient first = RawClient.tcp(broker.port())) {
            first.handshake();
            try (RawClient second = RawClient.tcp(broker.port())) {
                assertFatal(second, ErrorCode.TOO_MANY_CONNECTIONS);
            }
            first.flush(); // the first is unaffected
        }
    }

    @Test
    void silentConnection_isPingedThenClosedAsStale() throws Exception {
        start(BrokerConfig.builder().heartbeat(Duration.ofMillis(100)));
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            assertThat(c.read()).isInstanceOf(Frame.Ping.class); // not answered
            assertFatal(c, ErrorCode.STALE_CONNECTION);
        }
    }

    @Test
    void answeredPings_keepTheConnectionOpen() throws Exception {
        start(BrokerConfig.builder().heartbeat(Duration.ofMillis(300)));
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            for (int i = 0; i < 3; i++) {
                assertThat(c.read()).isInstanceOf(Frame.Ping.class);
                c.send(new Frame.Pong());
            }
            c.flush();
        }
    }

    @Test
    void limitsBeforeTheHandshake_areTheSmallHandshakeLimits() {
        assertThat(ProtocolLimits.HANDSHAKE.maxBody(Opcode.PUB)).isLessThan(64);
    }
}
