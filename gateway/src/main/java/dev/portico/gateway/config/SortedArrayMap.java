package dev.portico.gateway.config;

import static java.util.Objects.requireNonNull;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * An immutable map from names to values in name order, kept as two sorted arrays. It is built from
 * sorted arrays without a comparison, looked up by binary search, and a copy with a few entries
 * changed is two array copies: what a snapshot of 100,000 apps needs, where a tree map spends its time
 * (and the JIT's) on rebalancing.
 *
 * @param <V> the values
 */
final class SortedArrayMap<V> extends AbstractMap<String, V> implements SortedMap<String, V> {

    private final String[] keys;
    private final Object[] values;
    private final int from;
    private final int to;

    private SortedArrayMap(String[] keys, Object[] values, int from, int to) {
        this.keys = keys;
        this.values = values;
        this.from = from;
        this.to = to;
    }

    /** Takes {@code keys} (sorted, without duplicates) and their {@code values}; neither is copied. */
    static <V> SortedArrayMap<V> of(String[] keys, Object[] values, int size) {
        for (int i = 1; i < size; i++) {
            if (keys[i - 1].compareTo(keys[i]) >= 0) {
                throw new IllegalArgumentException("keys: '" + keys[i] + "' out of order (expected sorted, distinct)");
            }
        }
        return new SortedArrayMap<>(keys, values, 0, size);
    }

    /**
     * A copy of {@code base} in which each key of {@code changes} maps to its value, or is gone when the
     * value is null: a merge of two sorted sequences, without hashing or rebalancing. With no changes,
     * {@code base} itself when it is one of these maps (they are never modified).
     */
    static <V> SortedArrayMap<V> with(SortedMap<String, V> base, SortedMap<String, V> changes) {
        SortedArrayMap<V> b = base instanceof SortedArrayMap<V> s ? s : copyOf(base);
        if (changes.isEmpty()) {
            return b;
        }
        String[] k = new String[b.size() + changes.size()];
        Object[] v = new Object[k.length];
        int n = 0;
        int i = b.from;
        for (Entry<String, V> change : changes.entrySet()) {
            int at = b.index(change.getKey());
            int run = at - i; // unchanged entries before this key, copied as a block
            System.arraycopy(b.keys, i, k, n, run);
            System.arraycopy(b.values, i, v, n, run);
            n += run;
            i = at < b.to && b.keys[at].equals(change.getKey()) ? at + 1 : at;
            if (change.getValue() != null) {
                k[n] = change.getKey();
                v[n] = change.getValue();
                n++;
            }
        }
        System.arraycopy(b.keys, i, k, n, b.to - i);
        System.arraycopy(b.values, i, v, n, b.to - i);
        n += b.to - i;
        return new SortedArrayMap<>(k, v, 0, n);
    }

    private static <V> SortedArrayMap<V> copyOf(SortedMap<String, V> m) {
        String[] k = new String[m.size()];
        Object[] v = new Object[m.size()];
        int n = 0;
        for (Entry<String, V> e : m.entrySet()) {
            k[n] = e.getKey();
            v[n++] = e.getValue();
        }
        return of(k, v, n);
    }

    private int find(Object key) {
        if (!(key instanceof String s)) {
            return -1;
        }
        return Arrays.binarySearch(keys, from, to, s);
    }

    @Override
    public V get(Object key) {
        int i = find(key);
        return i >= 0 ? value(i) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public int size() {
        return to - from;
    }

    @SuppressWarnings("unchecked")
    private V value(int i) {
        return (V) values[i];
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int i = from;

                    @Override
                    public boolean hasNext() {
                        return i < to;
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (i >= to) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, V> e = new SimpleImmutableEntry<>(keys[i], value(i));
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return to - from;
            }
        };
    }

    @Override
    public Comparator<? super String> comparator() {
        return null; // natural order
    }

    @Override
    public SortedMap<String, V> subMap(String fromKey, String toKey) {
        if (fromKey.compareTo(toKey) > 0) {
            throw new IllegalArgumentException("fromKey > toKey");
        }
        return new SortedArrayMap<>(keys, values, index(requireNonNull(fromKey)), index(requireNonNull(toKey)));
    }

    @Override
    public SortedMap<String, V> headMap(String toKey) {
        return new SortedArrayMap<>(keys, values, from, index(requireNonNull(toKey)));
    }

    @Override
    public SortedMap<String, V> tailMap(String fromKey) {
        return new SortedArrayMap<>(keys, values, index(requireNonNull(fromKey)), to);
    }

    /** The position of the first key at or after {@code key}, within this view. */
    private int index(String key) {
        int i = Arrays.binarySearch(keys, from, to, key);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    public String firstKey() {
        if (from == to) {
            throw new NoSuchElementException();
        }
        return keys[from];
    }

    @Override
    public String lastKey() {
        if (from == to) {
            throw new NoSuchElementException();
        }
        return keys[to - 1];
    }
}
