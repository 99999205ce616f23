package dev.switchboard.broker;

import java.util.Objects;

/**
 * Who a connection authenticated as, and what it may do.
 *
 * @param name the principal's name, for logs and listings
 * @param permissions what it may publish and subscribe to
 */
public record Principal(String name, Permissions permissions) {
    /** The principal of connections when authentication is off: may do everything. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Permissions.ALLOW_ALL);

    /** Checks required fields. */
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(permissions, "permissions");
    }
}
