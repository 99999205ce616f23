package dev.switchboard.database.internal;

import java.sql.Connection;
import java.util.Set;

/** Calls on pooled connections, one per call, in autocommit mode. Thread-safe. */
final class PooledSession implements Session {
    private final DbContext ctx;

    PooledSession(DbContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Connection acquire() {
        return ctx.borrow();
    }

    @Override
    public void release(Connection c) {
        ctx.giveBack(c);
    }

    @Override
    public boolean autocommit() {
        return true;
    }

    @Override
    public void written(Set<String> tables) {
        ctx.cache.invalidate(tables);
    }

    @Override
    public void failed(String sqlState) {}
}
