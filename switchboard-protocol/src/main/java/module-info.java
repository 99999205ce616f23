/**
 * The Switchboard binary wire protocol (docs/PROTOCOL.md is the normative spec): frame layout,
 * opcodes and flags ({@link dev.switchboard.protocol.Opcode}, {@link
 * dev.switchboard.protocol.FrameFlags}), stable error codes ({@link
 * dev.switchboard.protocol.ErrorCode}), limits, the typed frames ({@link
 * dev.switchboard.protocol.Frame}) and the Netty decoder and writers shared by the broker and the
 * client. {@code dev.switchboard.protocol.transport} picks the Netty transport (io_uring, epoll or
 * NIO) and builds TLS contexts.
 */
module dev.switchboard.protocol {
    requires transitive dev.switchboard.core;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;
    requires transitive io.netty.transport;
    requires transitive io.netty.codec;
    requires transitive io.netty.handler;
    requires static io.netty.transport.classes.epoll;
    requires static io.netty.transport.classes.io_uring;
    requires static io.netty.transport.unix.common;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.switchboard.protocol;
    exports dev.switchboard.protocol.transport;
    exports dev.switchboard.protocol.stream;

    opens dev.switchboard.protocol.stream to
            com.fasterxml.jackson.databind;
}
