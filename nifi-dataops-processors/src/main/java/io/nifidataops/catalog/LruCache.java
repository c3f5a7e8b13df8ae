package io.nifidataops.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A small thread-safe least-recently-used map: what the catalog knows, bounded so a long run cannot grow the heap,
 * and forgotten after a while so that a change made outside NiFi (a table dropped or moved) is seen again.
 */
public final class LruCache<K, V> {

    private record Stored<V>(V value, long storedAt) {
    }

    private final Map<K, Stored<V>> entries;
    private final long expireAfterNanos;
    private final LongSupplier clock;

    /** @param expireAfterNanos how long an entry is trusted; 0 or less keeps entries until evicted by size */
    LruCache(final int maxEntries, final long expireAfterNanos, final LongSupplier clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("A cache holds at least one entry");
        }
        this.expireAfterNanos = expireAfterNanos;
        this.clock = clock;
        entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, Stored<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public LruCache(final int maxEntries) {
        this(maxEntries, 0, System::nanoTime);
    }

    public synchronized V get(final K key) {
        final Stored<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (expireAfterNanos > 0 && clock.getAsLong() - entry.storedAt() >= expireAfterNanos) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    synchronized boolean contains(final K key) {
        return get(key) != null;
    }

    public synchronized void put(final K key, final V value) {
        entries.put(key, new Stored<>(value, clock.getAsLong()));
    }

    synchronized void remove(final K key) {
        entries.remove(key);
    }

    synchronized void removeIf(final Predicate<K> condition) {
        entries.keySet().removeIf(condition);
    }

    synchronized int size() {
        return entries.size();
    }
}
