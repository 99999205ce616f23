package dev.switchboard.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerTest {

    @Test
    void typedGetters_returnTheirValues() {
        Container c =
                Container.builder()
                        .put("b", true)
                        .putInt8("i8", (byte) -3)
                        .putInt16("i16", (short) 300)
                        .put("i32", 70_000)
                        .put("i64", 1L << 40)
                        .put("f32", 1.5f)
                        .put("f64", 2.25)
                        .put("s", "text")
                        .put("bytes", new byte[] {1, 2})
                        .put("c", Container.builder().put("x", 1).build())
                        .put("l", List.<Value>of(Value.of(1)))
                        .putNull("n")
                        .build();
        assertThat(c.getBool("b")).isTrue();
        assertThat(c.getInt8("i8")).isEqualTo((byte) -3);
        assertThat(c.getInt16("i16")).isEqualTo((short) 300);
        assertThat(c.getInt32("i32")).isEqualTo(70_000);
        assertThat(c.getInt64("i64")).isEqualTo(1L << 40);
        assertThat(c.getFloat32("f32")).isEqualTo(1.5f);
        assertThat(c.getFloat64("f64")).isEqualTo(2.25);
        assertThat(c.getString("s")).isEqualTo("text");
        assertThat(c.getBytes("bytes")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(c.getContainer("c").getInt32("x")).isEqualTo(1);
        assertThat(c.getList("l")).containsExactly(Value.of(1));
        assertThat(c.isNull("n")).isTrue();
        assertThat(c.isNull("absent")).isTrue();
        assertThat(c.getLong("i8")).isEqualTo(-3);
        assertThat(c.getLong("i32")).isEqualTo(70_000);
        assertThat(c.getDouble("i16")).isEqualTo(300.0);
        assertThat(c.getDouble("f32")).isEqualTo(1.5);
    }

    @Test
    void typedGetter_onWrongType_namesKeyExpectedAndActual() {
        Container c = Container.builder().put("count", "seven").build();
        assertThatThrownBy(() -> c.getInt32("count"))
                .isInstanceOfSatisfying(
                        TypeMismatchException.class,
                        e -> {
                            assertThat(e.key()).isEqualTo("count");
                            assertThat(e.expected()).isEqualTo(ValueType.INT32);
                            assertThat(e.actual()).isEqualTo(ValueType.STRING);
                        })
                .hasMessage("key 'count': expected i32 but the value is string");
        assertThatThrownBy(() -> c.getLong("count")).isInstanceOf(TypeMismatchException.class);
        assertThatThrownBy(() -> c.getDouble("count")).isInstanceOf(TypeMismatchException.class);
    }

    @Test
    void typedGetter_onMissingKey_namesTheKey() {
        assertThatThrownBy(() -> Container.empty().getString("name"))
                .isInstanceOfSatisfying(
                        MissingKeyException.class, e -> assertThat(e.key()).isEqualTo("name"))
                .hasMessage("container has no key 'name'");
        assertThat(Container.empty().find("name")).isEmpty();
    }

    @Test
    void keys_areSortedByCodePoint_andLastPutWins() {
        Container c =
                Container.builder()
                        .put("b", 1)
                        .put("\uD83D\uDE00", 2) // U+1F600, sorts after U+FFFD in code point order
                        .put("\uFFFD", 3)
                        .put("a", 4)
                        .put("b", 5)
                        .build();
        assertThat(c.keys()).containsExactly("a", "b", "\uFFFD", "\uD83D\uDE00");
        assertThat(c.getInt32("b")).isEqualTo(5);
        assertThat(c.size()).isEqualTo(4);
    }

    @Test
    void equalContainers_builtInAnyOrder_areEqual() {
        Container a = Container.builder().put("x", 1).put("y", "2").build();
        Container b = Container.builder().put("y", "2").put("x", 1).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.asMap()).containsEntry("x", Value.of(1)).hasSize(2);
    }

    @Test
    void largeContainer_findsEveryKeyByBinarySearch() {
        Container.Builder b = Container.builder();
        for (int i = 0; i < 500; i++) {
            b.put("key" + i, i);
        }
        Container c = b.build();
        for (int i = 0; i < 500; i++) {
            assertThat(c.getInt32("key" + i)).isEqualTo(i);
        }
        assertThat(c.contains("key500")).isFalse();
    }

    @Test
    void builder_rejectsBadKeysAtOnce() {
        Container.Builder b = Container.builder();
        assertThatThrownBy(() -> b.put("", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> b.put("é".repeat(128), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 UTF-8 bytes; the limit is 255");
        assertThatThrownBy(() -> b.put("\uD800x", 1)).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> b.put("k", (Value) null)).hasMessageContaining("Value.NULL");
        assertThat(b.put("a".repeat(255), 1).build().size()).isEqualTo(1);
    }

    @Test
    void text_rejectsUnpairedSurrogates() {
        assertThatThrownBy(() -> Value.of("ok\uDC00"))
                .hasMessageContaining("unpaired surrogate at index 2");
        assertThat(Value.of("\uD83D\uDE00").value()).hasSize(2);
    }

    @Test
    void bytes_areImmutableAndComparedByContent() {
        byte[] raw = {1, 2, 3};
        Value.Bytes v = Value.Bytes.copyOf(raw);
        raw[0] = 9;
        assertThat(v.toArray()).containsExactly(1, 2, 3);
        assertThat(v.data().isReadOnly()).isTrue();
        assertThat(v)
                .isEqualTo(Value.Bytes.view(new byte[] {0, 1, 2, 3, 0}, 1, 3))
                .hasSameHashCodeAs(Value.of(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> Value.Bytes.view(raw, 2, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void floats_equalWhatTheyRoundTripTo() {
        assertThat(Value.of(Double.NaN)).isEqualTo(Value.of(Double.NaN));
        assertThat(Value.of(-0.0)).isNotEqualTo(Value.of(0.0));
    }
}
