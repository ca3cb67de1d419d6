package io.surewire.gateway.control;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * When each item is next due for a sweep, so that a sweep takes only the items that are due instead of
 * looking at every one: a timer's work per tick grows with what is due, not with what is there. An item
 * may be entered more than once; a sweep returns it once, however many of its entries are due, and an
 * item that is no longer wanted is simply not entered again.
 *
 * @param <T> what is swept (a connection)
 */
public final class SweepSchedule<T> {

    private record Entry<T>(long due, long order, T item) {
    }

    private final PriorityQueue<Entry<T>> entries = new PriorityQueue<>(
            Comparator.<Entry<T>>comparingLong(Entry::due).thenComparingLong(Entry::order));
    private long order;

    /** Enters {@code item} as due at {@code due} (milliseconds, the sweep's clock). */
    public synchronized void at(long due, T item) {
        entries.add(new Entry<>(due, order++, item));
    }

    /** Removes and returns the items due at {@code now}, soonest first, each once. */
    public synchronized List<T> due(long now) {
        Set<T> due = new LinkedHashSet<>();
        while (!entries.isEmpty() && entries.peek().due() <= now) {
            due.add(entries.poll().item());
        }
        return List.copyOf(due);
    }

    /** The entries waiting, for the tests and the figures. */
    public synchronized int size() {
        return entries.size();
    }
}
