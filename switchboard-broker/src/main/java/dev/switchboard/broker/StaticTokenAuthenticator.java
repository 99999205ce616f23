package dev.switchboard.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Admits clients that present one shared token, compared in constant time. The principal is named
 * after the connection's name (or {@code token} when it has none) and may do everything;
 * per-subject permissions come with the security layer.
 */
public final class StaticTokenAuthenticator implements Authenticator {
    private final byte[] token;
    private final Permissions permissions;

    /**
     * @param token the shared token; not empty
     */
    public StaticTokenAuthenticator(String token) {
        this(token, Permissions.ALLOW_ALL);
    }

    /**
     * @param token the shared token; not empty
     * @param permissions what admitted clients may do
     */
    public StaticTokenAuthenticator(String token, Permissions permissions) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the token must not be empty");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.permissions = Objects.requireNonNull(permissions, "permissions");
    }

    @Override
    public Principal authenticate(AuthRequest request) {
        if (request.token() == null) {
            return null;
        }
        byte[] presented = request.token().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, presented)) {
            return null;
        }
        String name = request.connectionName().isEmpty() ? "token" : request.connectionName();
        return new Principal(name, permissions);
    }
}
