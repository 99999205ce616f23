package dev.switchboard.load;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.SubscribeOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A running Switchboard server at a given URL, driven through the Switchboard client. Each {@link
 * #connect} opens its own connection with unbounded pending limits: the runner's window bounds what
 * is pending, so every message is counted.
 */
public final class SwitchboardClientTarget implements LoadTarget {
    private static final Duration CONFIRM = Duration.ofSeconds(5);

    private final ClientOptions base;
    private final Optional<ProcessHandle> serverProcess;
    private final SubscribeOptions subscribeOptions;

    /**
     * @param base options for every connection (servers, token, TLS, spin wait); the name and
     *     pending limits are set per connection
     * @param serverProcess the server's process if it is local and known, for its CPU time
     * @param subscribeOptions how subscribers and responders subscribe (for example {@link
     *     SubscribeOptions.Builder#inline}); a queue group is added where the scenario has one
     */
    public SwitchboardClientTarget(
            ClientOptions base,
            Optional<ProcessHandle> serverProcess,
            SubscribeOptions subscribeOptions) {
        this.base = base;
        this.serverProcess = serverProcess;
        this.subscribeOptions = subscribeOptions;
    }

    /**
     * @param base options for every connection (servers, token, ...); the name and pending limits
     *     are set per connection
     * @param serverProcess the server's process if it is local and known, for its CPU time
     */
    public SwitchboardClientTarget(ClientOptions base, Optional<ProcessHandle> serverProcess) {
        this(base, serverProcess, SubscribeOptions.defaults());
    }

    /**
     * @param url the server, e.g. {@code sb://127.0.0.1:7422}
     */
    public SwitchboardClientTarget(String url) {
        this(ClientOptions.builder().server(url).build(), Optional.empty());
    }

    @Override
    public String name() {
        return "switchboard";
    }

    @Override
    public Optional<ProcessHandle> serverProcess() {
        return serverProcess;
    }

    @Override
    public LoadClient connect(String connectionName) throws Exception {
        return new Client(
                Connection.connect(loadConnection(base, connectionName).build()), subscribeOptions);
    }

    /**
     * Options for one load-generating connection: {@code base}'s servers, token, TLS and spin wait,
     * the given name, no reconnecting (a lost connection should fail the run, not pause it) and no
     * pending limits (the scenarios pace themselves). Shared by the core and the stream targets.
     *
     * @param base the user's options (servers, token, TLS)
     * @param connectionName the connection's name, as the broker lists it
     * @return a builder the caller may refine
     */
    public static ClientOptions.Builder loadConnection(ClientOptions base, String connectionName) {
        ClientOptions.Builder b =
                ClientOptions.builder()
                        .servers(base.servers().stream().map(Object::toString).toList())
                        .name(connectionName)
                        .reconnect(false)
                        .pendingLimits(Integer.MAX_VALUE, Long.MAX_VALUE);
        if (base.spinAdaptive()) {
            b.adaptiveSpinWait(base.spinWait());
        } else {
            b.spinWait(base.spinWait());
        }
        if (base.token() != null) {
            b.token(base.token());
        }
        if (base.tls() != null) {
            b.tls(base.tls());
        }
        return b;
    }

    private record Client(Connection c, SubscribeOptions options) implements LoadClient {
        @Override
        public void publish(String subject, byte[] payload) {
            c.publish(subject, payload);
        }

        @Override
        public void flush(Duration timeout) throws Exception {
            c.flush(timeout);
        }

        @Override
        public void subscribe(String subject, String queueGroup, Consumer<byte[]> onMessage)
                throws Exception {
            SubscribeOptions o =
                    queueGroup == null
                            ? options
                            : SubscribeOptions.builder()
                                    .queueGroup(queueGroup)
                                    .inline(options.inline())
                                    .build();
            c.subscribe(subject, o, m -> onMessage.accept(m.payload()));
            c.flush(CONFIRM);
        }

        @Override
        public void reply(String subject, byte[] response) throws Exception {
            c.subscribe(subject, options, m -> m.respond(response));
            c.flush(CONFIRM);
        }

        @Override
        public byte[] request(String subject, byte[] payload, Duration timeout) throws Exception {
            return c.requestBlocking(subject, payload, timeout).payload();
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
