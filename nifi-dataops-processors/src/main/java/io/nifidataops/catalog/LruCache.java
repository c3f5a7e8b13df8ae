package io.nifidataops.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** A small thread-safe least-recently-used map: what the catalog knows, bounded so a long run cannot grow the heap. */
final class LruCache<K, V> {

    private final Map<K, V> entries;

    LruCache(final int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("A cache holds at least one entry");
        }
        entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized V get(final K key) {
        return entries.get(key);
    }

    synchronized boolean contains(final K key) {
        return entries.containsKey(key);
    }

    synchronized void put(final K key, final V value) {
        entries.put(key, value);
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
