package dev.switchboard.broker;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameCodec;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.ProtocolLimits;
import dev.switchboard.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A deliberately plain blocking client for protocol tests: writes any bytes (valid frames or not),
 * reads frames one by one, and can simply stop reading (a slow consumer). Not the product client.
 */
final class RawClient implements AutoCloseable {
    private final java.io.Closeable socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Socket tcp;

    private RawClient(java.io.Closeable socket, Socket tcp, InputStream in, OutputStream out) {
        this.socket = socket;
        this.tcp = tcp;
        this.in = new DataInputStream(in);
        this.out = out;
    }

    static RawClient tcp(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        return new RawClient(s, s, s.getInputStream(), s.getOutputStream());
    }

    /** A TCP client with a tiny receive buffer, so the broker's writes back up quickly. */
    static RawClient tcpSmallReceiveBuffer(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        s.setSoTimeout(5_000);
        return new RawClient(s, s, s.getInputStream(), s.getOutputStream());
    }

    static RawClient over(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        return new RawClient(s, s, s.getInputStream(), s.getOutputStream());
    }

    static RawClient unix(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(path));
        return new RawClient(ch, null, Channels.newInputStream(ch), Channels.newOutputStream(ch));
    }

    /** Sends HELLO and returns the server's answer (WELCOME or ERR). */
    Frame hello(String name, String token) throws IOException {
        send(
                new Frame.Hello(
                        ProtocolVersion.MIN, ProtocolVersion.MAX, name, token, "raw-test", true));
        return read();
    }

    /** Sends HELLO and insists on WELCOME. */
    Frame.Welcome handshake() throws IOException {
        Frame f = hello("raw", null);
        if (!(f instanceof Frame.Welcome w)) {
            throw new AssertionError("expected WELCOME, got " + f);
        }
        return w;
    }

    void send(Frame f) throws IOException {
        ByteBuf b = Unpooled.buffer();
        try {
            FrameWriter.write(f, b);
            out.write(ByteBufUtil.getBytes(b));
            out.flush();
        } finally {
            b.release();
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends PING and waits for its PONG, collecting nothing else. */
    void flush() throws IOException {
        send(new Frame.Ping());
        readUntil(f -> f instanceof Frame.Pong);
    }

    Frame read() throws IOException {
        long length = in.readInt() & 0xFFFFFFFFL;
        int code = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        byte[] body = new byte[(int) length];
        in.readFully(body);
        Opcode op = Opcode.of(code);
        if (op == null) {
            throw new AssertionError("server sent unknown opcode " + code);
        }
        ByteBuf b = Unpooled.wrappedBuffer(body);
        return FrameCodec.decode(
                op,
                flags,
                b,
                0,
                body.length,
                new ProtocolLimits(64 << 20, 0xFFFF, 16 << 20, 1 << 20));
    }

    /** Reads frames, answering PINGs, until one matches. */
    Frame readUntil(Predicate<Frame> wanted) throws IOException {
        while (true) {
            Frame f = read();
            if (wanted.test(f)) {
                return f;
            }
            if (f instanceof Frame.Ping) {
                send(new Frame.Pong());
            }
        }
    }

    /** Reads the next frame that is not a PING (answering PINGs). */
    Frame next() throws IOException {
        return readUntil(f -> !(f instanceof Frame.Ping));
    }

    /** Whether the server closed the connection (EOF) within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                read();
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    void readTimeout(int ms) throws IOException {
        if (tcp != null) {
            tcp.setSoTimeout(ms);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
