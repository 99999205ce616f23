package dev.switchboard.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The transport choice. Epoll is available on the Linux machines this project builds on. */
class TransportTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void best_isEpollOnLinux() {
        assertThat(Epoll.isAvailable()).as("epoll native library").isTrue();
        assertThat(Transport.EPOLL.isAvailable()).isTrue();
        assertThat(Transport.best()).isEqualTo(Transport.EPOLL);
    }

    @Test
    void nio_isAlwaysAvailable() {
        assertThat(Transport.NIO.isAvailable()).isTrue();
        assertThat(Transport.named("nio")).isEqualTo(Transport.NIO);
    }

    @Test
    void named_acceptsAnyCaseAndDashes() {
        assertThat(Transport.named("auto")).isEqualTo(Transport.best());
        assertThat(Transport.named(" AUTO ")).isEqualTo(Transport.best());
        assertThat(Transport.named("NIO")).isEqualTo(Transport.NIO);
        if (Transport.EPOLL.isAvailable()) {
            assertThat(Transport.named("Epoll")).isEqualTo(Transport.EPOLL);
        }
        for (String name : new String[] {"io_uring", "io-uring", "IOURING"}) {
            if (Transport.IO_URING.isAvailable()) {
                assertThat(Transport.named(name)).isEqualTo(Transport.IO_URING);
            } else {
                assertThatThrownBy(() -> Transport.named(name))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("IO_URING is not available");
            }
        }
    }

    @Test
    void named_refusesUnknownNames() {
        assertThatThrownBy(() -> Transport.named("kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kqueue'")
                .hasMessageContaining("auto, io_uring, epoll or nio");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void channelClassesAndAddresses(Transport t) {
        assertThat(t.serverChannel()).isNotNull();
        assertThat(t.socketChannel()).isNotNull();
        assertThat(t.domainServerChannel()).isNotNull();
        assertThat(t.domainSocketChannel()).isNotNull();
        Path p = Path.of("/tmp/sb-test.sock");
        if (t == Transport.NIO) {
            assertThat(t.domainAddress(p)).isEqualTo(UnixDomainSocketAddress.of(p));
        } else {
            assertThat(t.domainAddress(p)).isInstanceOf(DomainSocketAddress.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void newGroup_startsAndStops(Transport t) throws Exception {
        if (!t.isAvailable()) {
            return;
        }
        EventLoopGroup g = t.newGroup(1, "sb-test-" + t.name().toLowerCase());
        try {
            assertThat(g.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                    .startsWith("sb-test-")
                    .satisfies(n -> assertThat(Thread.currentThread().getName()).isNotEqualTo(n));
        } finally {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
