package dev.switchboard.database.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.core.Clock;
import dev.switchboard.database.DatabaseMetrics;
import dev.switchboard.database.RowMapper;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The query result cache: a size- and TTL-bounded Caffeine cache of result lists, keyed by SQL,
 * parameter values, mapper and row limit, and tagged with the tables the query reads.
 *
 * <p>Design note. Invalidation is by generation, not by index: each table tag has a counter, bumped
 * when the table is written; an entry records the counters of its tags (and a global one for {@link
 * #invalidateAll()}) as read <em>before</em> its query ran, and is valid only while they are
 * unchanged. A query racing with a write therefore never installs a result that outlives the write:
 * if the write's bump lands while the query runs, the entry is born stale. Stale entries are
 * skipped on read and age out by TTL and size. No lock is held while a query runs; two callers
 * missing at once both query (no stampede protection; the cost is one extra query).
 *
 * <p>Thread-safe.
 */
final class QueryCache {
    private final Cache<Key, Entry> cache;
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong globalGeneration = new AtomicLong();
    private final DatabaseMetrics metrics;
    private final boolean enabled;

    QueryCache(long maximumSize, Duration ttl, Clock clock, DatabaseMetrics metrics) {
        this.enabled = maximumSize > 0;
        this.metrics = metrics;
        this.cache =
                Caffeine.newBuilder()
                        .maximumSize(Math.max(1, maximumSize))
                        .expireAfterWrite(ttl)
                        .ticker(clock::nanoTime)
                        // Maintenance on the calling thread keeps tests deterministic; it is cheap.
                        .executor(Runnable::run)
                        .build();
    }

    /**
     * Returns the cached rows, or loads and caches them.
     *
     * @param key the query's identity
     * @param tags normalised table tags
     * @param loader runs the query
     * @return the rows (shared: callers must not modify them)
     */
    @SuppressWarnings("unchecked")
    <T> List<T> get(Key key, List<String> tags, Supplier<List<T>> loader) {
        if (!enabled) {
            return loader.get();
        }
        Entry e = cache.getIfPresent(key);
        if (e != null && e.isCurrent(this)) {
            metrics.cacheLookup(true);
            return (List<T>) e.rows;
        }
        metrics.cacheLookup(false);
        long global = globalGeneration.get();
        long[] gens = new long[tags.size()];
        for (int i = 0; i < gens.length; i++) {
            gens[i] = generation(tags.get(i)).get();
        }
        List<T> rows = loader.get();
        cache.put(key, new Entry(rows, tags, gens, global));
        return rows;
    }

    /**
     * @param tables normalised table tags whose entries become stale
     */
    void invalidate(Collection<String> tables) {
        for (String t : tables) {
            generation(t).incrementAndGet();
        }
    }

    void invalidateAll() {
        globalGeneration.incrementAndGet();
        cache.invalidateAll();
    }

    /**
     * @return the number of entries held, stale ones included (for tests)
     */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private AtomicLong generation(String tag) {
        AtomicLong g = generations.get(tag);
        return g != null ? g : generations.computeIfAbsent(tag, t -> new AtomicLong());
    }

    /**
     * A cached query's identity. Parameters compare deeply (byte arrays by content); the mapper by
     * identity, as lambdas do.
     */
    record Key(String sql, Object[] params, RowMapper<?> mapper, int maxRows) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && k.maxRows == maxRows
                    && k.mapper == mapper
                    && k.sql.equals(sql)
                    && Arrays.deepEquals(k.params, params);
        }

        @Override
        public int hashCode() {
            return (sql.hashCode() * 31 + Arrays.deepHashCode(params)) * 31
                    + System.identityHashCode(mapper)
                    + maxRows;
        }

        @Override
        public String toString() {
            return "Key[" + sql + ", " + Arrays.deepToString(params) + ", maxRows=" + maxRows + "]";
        }
    }

    private record Entry(List<?> rows, List<String> tags, long[] gens, long global) {
        boolean isCurrent(QueryCache c) {
            if (c.globalGeneration.get() != global) {
                return false;
            }
            for (int i = 0; i < gens.length; i++) {
                if (c.generation(tags.get(i)).get() != gens[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
