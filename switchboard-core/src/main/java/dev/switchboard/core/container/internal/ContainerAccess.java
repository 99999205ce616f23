package dev.switchboard.core.container.internal;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import java.util.function.Function;

/**
 * Lets the decoders build a {@link Container} from arrays they have already validated (keys
 * well-formed, unique and in code point order) without the builder's checks and copies. The
 * container class registers the factory when it initializes; nothing outside this module sees it.
 */
public final class ContainerAccess {
    /** Builds a container that takes ownership of exactly-sized, validated arrays. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param keys sorted, unique, well-formed keys; owned by the container afterwards
         * @param values the values, index for index; owned by the container afterwards
         * @return the container
         */
        Container create(String[] keys, Value[] values);
    }

    private static volatile Factory factory;
    private static volatile Function<String, Value.Text> textFactory;

    private ContainerAccess() {}

    /**
     * @param f the factory; called once by {@link Container}'s static initializer
     */
    public static void register(Factory f) {
        factory = f;
    }

    /**
     * @param f makes a string value without the well-formedness scan; called once by {@link
     *     Value.Text}'s static initializer
     */
    public static void registerText(Function<String, Value.Text> f) {
        textFactory = f;
    }

    /**
     * @param s a string known to be well-formed (it was decoded from validated UTF-8)
     * @return the value, without scanning the string again
     */
    public static Value.Text trustedText(String s) {
        Function<String, Value.Text> f = textFactory;
        if (f == null) {
            new Value.Text(""); // runs Text's static initializer, which registers
            f = textFactory;
        }
        return f.apply(s);
    }

    /**
     * @param keys sorted, unique, well-formed keys, exactly sized
     * @param values the values, exactly sized
     * @return a container owning the arrays
     */
    public static Container trusted(String[] keys, Value[] values) {
        Factory f = factory;
        if (f == null) {
            Container.empty(); // runs Container's static initializer, which registers
            f = factory;
        }
        return f.create(keys, values);
    }
}
