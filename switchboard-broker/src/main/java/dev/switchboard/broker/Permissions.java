package dev.switchboard.broker;

/**
 * What an authenticated principal may do. Checked by the broker on every SUB and, for publishes,
 * once per subject per connection (the answer is cached for the connection's life, so an
 * implementation must answer the same way for the same input).
 *
 * <p>Called on event-loop threads: must be fast and must not block.
 */
public interface Permissions {
    /** Everything allowed. */
    Permissions ALLOW_ALL =
            new Permissions() {
                @Override
                public boolean canPublish(String subject) {
                    return true;
                }

                @Override
                public boolean canSubscribe(String pattern, String queueGroup) {
                    return true;
                }
            };

    /**
     * @param subject a valid subject
     * @return whether the principal may publish to it
     */
    boolean canPublish(String subject);

    /**
     * @param pattern a valid pattern
     * @param queueGroup the queue group, or {@code null}
     * @return whether the principal may subscribe to it
     */
    boolean canSubscribe(String pattern, String queueGroup);
}
