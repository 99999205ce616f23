package dev.switchboard.core.container;

import dev.switchboard.core.SwitchboardException;

/** A typed getter asked for a key the container does not have. */
public final class MissingKeyException extends SwitchboardException {
    private static final long serialVersionUID = 1L;
    private final String key;

    /**
     * @param key the key that was asked for
     */
    public MissingKeyException(String key) {
        super("container has no key '" + key + "'");
        this.key = key;
    }

    /**
     * @return the key that was asked for
     */
    public String key() {
        return key;
    }
}
