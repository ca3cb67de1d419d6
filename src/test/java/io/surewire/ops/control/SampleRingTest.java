package io.surewire.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link SampleRing}: the last items, oldest first, never more than its capacity. */
class SampleRingTest {

    @Test
    void anEmptyRingHoldsNothing() {
        SampleRing<Integer> ring = new SampleRing<>(3);
        assertEquals(List.of(), ring.all());
        assertEquals(Optional.empty(), ring.latest());
    }

    @Test
    void itemsComeBackOldestFirst() {
        SampleRing<Integer> ring = new SampleRing<>(3);
        ring.add(1);
        ring.add(2);
        assertEquals(List.of(1, 2), ring.all());
        assertEquals(Optional.of(2), ring.latest());
    }

    @Test
    void aFullRingDropsTheOldest() {
        SampleRing<Integer> ring = new SampleRing<>(3);
        IntStream.rangeClosed(1, 10).forEach(ring::add);
        assertEquals(List.of(8, 9, 10), ring.all());
        assertEquals(Optional.of(10), ring.latest());
        assertEquals(3, ring.capacity());
    }

    @Test
    void aRingHoldsAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new SampleRing<>(0));
        SampleRing<String> one = new SampleRing<>(1);
        one.add("a");
        one.add("b");
        assertEquals(List.of("b"), one.all());
    }
}
