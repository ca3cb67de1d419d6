package io.surewire.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepScheduleTest {

    private final SweepSchedule<String> schedule = new SweepSchedule<>();

    @Test
    void aSweepTakesOnlyWhatIsDueSoonestFirst() {
        schedule.at(30, "c");
        schedule.at(10, "a");
        schedule.at(20, "b");
        schedule.at(40, "d");

        assertEquals(List.of(), schedule.due(9), "nothing due yet");
        assertEquals(List.of("a", "b"), schedule.due(20));
        assertEquals(2, schedule.size(), "c and d wait");
        assertEquals(List.of(), schedule.due(20), "taken once");
        assertEquals(List.of("c", "d"), schedule.due(1_000));
        assertEquals(0, schedule.size());
    }

    @Test
    void anItemEnteredTwiceComesOnceAndWhatIsNotEnteredAgainIsGone() {
        schedule.at(10, "a");
        schedule.at(5, "a");
        schedule.at(7, "b");
        schedule.at(8, "b");

        assertEquals(2, schedule.size(), "one entry per item");
        assertEquals(List.of("a"), schedule.due(6), "a by its earlier time");
        assertEquals(List.of("b"), schedule.due(10), "b by its earlier time, and a not again");
        schedule.at(25, "a");
        assertEquals(List.of("a"), schedule.due(30), "b was not entered again: it is no longer swept");
    }

    @Test
    void aRemovedItemIsNotSweptNorHeld() {
        schedule.at(10, "a");
        schedule.at(20, "b");
        schedule.at(30, "c");

        schedule.remove("b");
        schedule.remove("x");

        assertEquals(2, schedule.size(), "b is no longer held");
        assertEquals(List.of("a", "c"), schedule.due(1_000));
        schedule.at(40, "b");
        assertEquals(List.of("b"), schedule.due(40), "a removed item may be entered again");
    }

    @Test
    void itemsDueAtTheSameTimeComeInTheOrderTheyWereEntered() {
        for (String item : List.of("x", "y", "z")) {
            schedule.at(10, item);
        }
        assertEquals(List.of("x", "y", "z"), schedule.due(10));
    }
}
