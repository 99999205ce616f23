package dev.switchboard.systemtests.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.bus.InProcessBus;
import dev.switchboard.bus.MessageBus;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.Msg;
import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.codec.Compression;
import dev.switchboard.core.codec.CompressionPolicy;
import dev.switchboard.core.codec.DecodeLimits;
import dev.switchboard.core.codec.JsonCodec;
import dev.switchboard.core.codec.MessageView;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.message.Endpoint;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Priority;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's 30-second example, line for line, so the README cannot drift from the API. */
class ReadmeExampleTest {

    @Test
    void thirtySecondExample_works() {
        Message order =
                Message.builder("orders.eu.created")
                        .priority(Priority.HIGH)
                        .source(Endpoint.of("order-service", "instance-1"))
                        .header("tenant", "acme")
                        .body(
                                Container.builder()
                                        .put("orderId", 1_234_567_890_123L) // int64
                                        .put("customer", "alice@example.com") // string
                                        .put("amount", 129.99) // float64
                                        .put("quantity", 3) // int32
                                        .build())
                        .build();

        BinaryCodec codec =
                BinaryCodec.create(DecodeLimits.DEFAULT, CompressionPolicy.of(Compression.ZSTD));
        byte[] bytes = codec.encode(order);
        MessageView view = codec.view(bytes);
        String tenant = view.header("tenant").orElseThrow();
        Message back = codec.decode(bytes);
        int quantity = back.body().getInt32("quantity");
        String json = JsonCodec.create().encode(back);

        assertThat(bytes.length).isLessThan(200);
        assertThat(tenant).isEqualTo("acme");
        assertThat(back).isEqualTo(order);
        assertThat(quantity).isEqualTo(3);
        assertThat(json).contains("\"quantity\":{\"$i32\":3}");

        List<Container> printed = new CopyOnWriteArrayList<>();
        Message quote;
        try (InProcessBus bus = InProcessBus.create()) {
            bus.subscribe("orders.*.created", d -> printed.add(d.message().body()));
            bus.subscribe(
                    "prices.quote",
                    d ->
                            d.reply(
                                    d.replyBuilder()
                                            .body(Container.builder().put("price", 9.99).build())
                                            .build()));
            bus.publish(order);
            // Handlers run on the bus's executor: wait for the delivery, not for time.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> printed.size() == 1);
            quote =
                    bus.request(Message.builder("prices.quote").build(), Duration.ofSeconds(1))
                            .join();
        }
        assertThat(printed).containsExactly(order.body());
        assertThat(quote.body().getFloat64("price")).isEqualTo(9.99);
    }

    @Test
    void networkedExample_works() throws Exception {
        Message order =
                Message.builder("orders.eu.created")
                        .body(Container.builder().put("quantity", 3).build())
                        .build();
        List<String> printed = new CopyOnWriteArrayList<>();
        try (Broker broker = Broker.start(BrokerConfig.builder().port(0).httpPort(0).build())) {
            String url = "sb://127.0.0.1:" + broker.port(); // the README uses the default port
            // --- as in the README ---
            try (Connection nc = Connection.connect(ClientOptions.builder().server(url).build())) {
                nc.subscribe("orders.>", m -> printed.add(m.subject() + ": " + m.message().body()));
                nc.subscribe(
                        "prices.quote", m -> m.respond("9.99".getBytes(StandardCharsets.UTF_8)));
                nc.publish(order);
                Msg price = nc.requestBlocking("prices.quote", new byte[0], Duration.ofSeconds(1));
                MessageBus bus = nc.asMessageBus();
                // --- end ---
                assertThat(new String(price.payload(), StandardCharsets.UTF_8)).isEqualTo("9.99");
                assertThat(bus).isNotNull();
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> printed.size() == 1);
                assertThat(printed.get(0)).startsWith("orders.eu.created: ").contains("quantity");
            }
        }
    }
}
