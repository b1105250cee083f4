package dev.portico.loadtest.gen;

import java.util.NoSuchElementException;

/** A growable FIFO of longs (intended send times), without boxing; one event loop uses it. */
final class LongRing {

    private long[] items = new long[64];
    private int head;
    private int size;

    void add(long v) {
        if (size == items.length) {
            long[] bigger = new long[items.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = items[(head + i) % items.length];
            }
            items = bigger;
            head = 0;
        }
        items[(head + size) % items.length] = v;
        size++;
    }

    long peek() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return items[head];
    }

    long poll() {
        long v = peek();
        head = (head + 1) % items.length;
        size--;
        return v;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }
}
