package dev.switchboard.broker;

/**
 * Decides whether a connecting client may in, and as whom. Called once per connection, during the
 * handshake, on the connection's event loop: an implementation must be fast and must not block (a
 * slow check belongs in a cache in front of it).
 */
@FunctionalInterface
public interface Authenticator {
    /** Lets everyone in as {@link Principal#ANONYMOUS}. */
    Authenticator NONE = request -> Principal.ANONYMOUS;

    /**
     * @param request what the client presented
     * @return the principal to run the connection as, or {@code null} to refuse it (the client gets
     *     ERR 200 AUTH_FAILED)
     */
    Principal authenticate(AuthRequest request);
}
