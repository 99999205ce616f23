package dev.switchboard.benchmarks.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Packs and unpacks a plain Java tree with msgpack-core, the way a MessagePack user without a
 * binding library does: maps, arrays, the smallest integer form, float32/float64, str, bin.
 */
public final class MsgPackTree {
    private MsgPackTree() {}

    /**
     * @param tree a plain tree
     * @return its MessagePack bytes
     */
    public static byte[] pack(Map<String, Object> tree) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packValue(packer, tree);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void packValue(MessageBufferPacker p, Object v) throws IOException {
        switch (v) {
            case null -> p.packNil();
            case Boolean b -> p.packBoolean(b);
            case Byte b -> p.packByte(b);
            case Short s -> p.packShort(s);
            case Integer i -> p.packInt(i);
            case Long l -> p.packLong(l);
            case Float f -> p.packFloat(f);
            case Double d -> p.packDouble(d);
            case String s -> p.packString(s);
            case byte[] b -> {
                p.packBinaryHeader(b.length);
                p.writePayload(b);
            }
            case Map<?, ?> m -> {
                p.packMapHeader(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    p.packString((String) e.getKey());
                    packValue(p, e.getValue());
                }
            }
            case List<?> l -> {
                p.packArrayHeader(l.size());
                for (Object item : l) {
                    packValue(p, item);
                }
            }
            default -> throw new IllegalArgumentException("cannot pack " + v.getClass());
        }
    }

    /**
     * @param bytes MessagePack bytes of a map
     * @return the tree
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> unpack(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            return (Map<String, Object>) unpackValue(u);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object unpackValue(MessageUnpacker u) throws IOException {
        ValueType type = u.getNextFormat().getValueType();
        return switch (type) {
            case NIL -> {
                u.unpackNil();
                yield null;
            }
            case BOOLEAN -> u.unpackBoolean();
            case INTEGER -> u.unpackLong();
            case FLOAT -> u.unpackDouble();
            case STRING -> u.unpackString();
            case BINARY -> u.readPayload(u.unpackBinaryHeader());
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(unpackValue(u));
                }
                yield list;
            }
            case MAP -> {
                int n = u.unpackMapHeader();
                Map<String, Object> map = new LinkedHashMap<>(n * 2);
                for (int i = 0; i < n; i++) {
                    map.put(u.unpackString(), unpackValue(u));
                }
                yield map;
            }
            case EXTENSION -> throw new IOException("unexpected extension type");
        };
    }
}
