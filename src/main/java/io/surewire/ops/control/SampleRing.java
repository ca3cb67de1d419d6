package io.surewire.ops.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The last {@code capacity} items added, oldest first: a new one takes the place of the oldest once full. */
public final class SampleRing<T> {

    private final Object[] items;
    private int next;
    private int size;

    public SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.items = new Object[capacity];
    }

    public synchronized void add(T item) {
        items[next] = item;
        next = (next + 1) % items.length;
        size = Math.min(size + 1, items.length);
    }

    /** Every item held, oldest first. */
    @SuppressWarnings("unchecked")
    public synchronized List<T> all() {
        List<T> all = new ArrayList<>(size);
        int first = (next - size + items.length) % items.length;
        for (int i = 0; i < size; i++) {
            all.add((T) items[(first + i) % items.length]);
        }
        return all;
    }

    /** The item added last. */
    @SuppressWarnings("unchecked")
    public synchronized Optional<T> latest() {
        return size == 0 ? Optional.empty() : Optional.of((T) items[(next - 1 + items.length) % items.length]);
    }

    public int capacity() {
        return items.length;
    }
}
