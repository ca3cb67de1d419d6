package io.surewire.platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * When each item is next due for a sweep, so that a sweep takes only the items that are due instead of
 * looking at every one: a timer's work per tick grows with what is due, not with what is there. An item
 * is entered once at a time: entered again before it is due, it keeps the earlier of its two times. An
 * item that is removed, or not entered again after a sweep took it, is no longer held: a closed
 * connection must not wait here, with everything it references, until its next sweep.
 *
 * @param <T> what is swept (a connection)
 */
public final class SweepSchedule<T> {

    private record Entry<T>(long due, long order, T item) {
    }

    private final TreeSet<Entry<T>> entries = new TreeSet<>(
            Comparator.<Entry<T>>comparingLong(Entry::due).thenComparingLong(Entry::order));
    private final Map<T, Entry<T>> byItem = new HashMap<>();
    private long order;

    /** Enters {@code item} as due at {@code due} (milliseconds, the sweep's clock), unless it is due sooner. */
    public synchronized void at(long due, T item) {
        Entry<T> entered = byItem.get(item);
        if (entered != null) {
            if (entered.due() <= due) {
                return;
            }
            entries.remove(entered);
        }
        Entry<T> entry = new Entry<>(due, order++, item);
        entries.add(entry);
        byItem.put(item, entry);
    }

    /** No longer sweeps {@code item}, however soon it was due. */
    public synchronized void remove(T item) {
        Entry<T> entered = byItem.remove(item);
        if (entered != null) {
            entries.remove(entered);
        }
    }

    /** Removes and returns the items due at {@code now}, soonest first. */
    public synchronized List<T> due(long now) {
        List<T> due = new ArrayList<>();
        while (!entries.isEmpty() && entries.first().due() <= now) {
            T item = entries.pollFirst().item();
            byItem.remove(item);
            due.add(item);
        }
        return due;
    }

    /** The items waiting, for the tests and the figures. */
    public synchronized int size() {
        return entries.size();
    }
}
