package io.surewire.gateway.control;

import static io.surewire.gateway.control.FrameRate.Verdict.ADMIT;
import static io.surewire.gateway.control.FrameRate.Verdict.CLOSE;
import static io.surewire.gateway.control.FrameRate.Verdict.REFUSE;
import static io.surewire.gateway.control.FrameRate.Verdict.REFUSE_AND_TELL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surewire.gateway.control.FrameRate.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FrameRate}: frames per one-second window, {@code rate_limited} once, close when it goes on. */
class FrameRateTest {

    private static final long T0 = 1_700_000_000_000L;

    /** The verdicts of {@code frames} frames all at {@code now}. */
    private static List<Verdict> burst(FrameRate rate, long now, int frames) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            verdicts.add(rate.admit(now));
        }
        return verdicts;
    }

    @Test
    void admitsUpToTheLimitInAWindow() {
        FrameRate rate = new FrameRate(3, 3);

        assertEquals(ADMIT, rate.admit(T0));
        assertEquals(ADMIT, rate.admit(T0 + 500));
        assertEquals(ADMIT, rate.admit(T0 + 999));
    }

    @Test
    void firstFrameOverTheLimitIsToldLaterOnesAreDroppedSilently() {
        FrameRate rate = new FrameRate(3, 3);

        assertEquals(List.of(ADMIT, ADMIT, ADMIT, REFUSE_AND_TELL, REFUSE, REFUSE), burst(rate, T0, 6));
        assertEquals(REFUSE, rate.admit(T0 + 999));
    }

    @Test
    void aNewWindowStartsOneSecondLater() {
        FrameRate rate = new FrameRate(2, 3);
        assertEquals(List.of(ADMIT, ADMIT, REFUSE_AND_TELL), burst(rate, T0, 3));

        assertEquals(REFUSE, rate.admit(T0 + 999));
        assertEquals(List.of(ADMIT, ADMIT, REFUSE_AND_TELL), burst(rate, T0 + 1000, 3));
    }

    @Test
    void eachLimitedWindowIsToldOnce() {
        FrameRate rate = new FrameRate(1, 5);

        assertEquals(List.of(ADMIT, REFUSE_AND_TELL, REFUSE), burst(rate, T0, 3));
        assertEquals(List.of(ADMIT, REFUSE_AND_TELL, REFUSE), burst(rate, T0 + 1000, 3));
        assertEquals(List.of(ADMIT, REFUSE_AND_TELL, REFUSE), burst(rate, T0 + 2000, 3));
    }

    @Test
    void overTheLimitInMaxLimitedSecondsWindowsInARowCloses() {
        FrameRate rate = new FrameRate(2, 3);

        assertEquals(List.of(ADMIT, ADMIT, REFUSE_AND_TELL, REFUSE), burst(rate, T0, 4));
        assertEquals(List.of(ADMIT, ADMIT, REFUSE_AND_TELL, REFUSE), burst(rate, T0 + 1000, 4));
        // the third window in a row: frames within the limit still pass, the first one over is told
        // once more, the next one over closes
        assertEquals(List.of(ADMIT, ADMIT, REFUSE_AND_TELL, CLOSE), burst(rate, T0 + 2000, 4));
    }

    @Test
    void windowsStartWithTheFirstFrameAfterThePreviousOne() {
        FrameRate rate = new FrameRate(1, 3);

        assertEquals(List.of(ADMIT, REFUSE_AND_TELL), burst(rate, T0, 2));
        // the next window starts at T0 + 1500 and lasts until T0 + 2499
        assertEquals(List.of(ADMIT, REFUSE_AND_TELL), burst(rate, T0 + 1500, 2));
        assertEquals(REFUSE, rate.admit(T0 + 2499));
        assertEquals(List.of(ADMIT, REFUSE_AND_TELL, CLOSE), burst(rate, T0 + 2500, 3));
    }

    @Test
    void aWindowWithinTheLimitBreaksTheRow() {
        FrameRate rate = new FrameRate(2, 3);

        assertEquals(REFUSE_AND_TELL, burst(rate, T0, 3).get(2));
        assertEquals(REFUSE_AND_TELL, burst(rate, T0 + 1000, 3).get(2));
        assertEquals(List.of(ADMIT, ADMIT), burst(rate, T0 + 2000, 2));
        assertEquals(REFUSE_AND_TELL, burst(rate, T0 + 3000, 3).get(2));
        assertEquals(REFUSE_AND_TELL, burst(rate, T0 + 4000, 3).get(2));
        assertEquals(List.of(REFUSE_AND_TELL, CLOSE), burst(rate, T0 + 5000, 4).subList(2, 4));
    }

    @Test
    void aSilentSecondBreaksTheRow() {
        FrameRate rate = new FrameRate(2, 3);

        assertEquals(REFUSE_AND_TELL, burst(rate, T0, 3).get(2));
        assertEquals(REFUSE_AND_TELL, burst(rate, T0 + 1000, 3).get(2));
        // nothing during [T0 + 2000, T0 + 3000): the row is broken
        assertEquals(REFUSE_AND_TELL, burst(rate, T0 + 3000, 3).get(2));
        assertEquals(REFUSE_AND_TELL, burst(rate, T0 + 4000, 3).get(2));
        assertEquals(List.of(REFUSE_AND_TELL, CLOSE), burst(rate, T0 + 5000, 4).subList(2, 4));
    }

    @Test
    void withAMaximumOfOneSecondTheCloseStillFollowsAWarning() {
        FrameRate rate = new FrameRate(2, 1);

        assertEquals(List.of(ADMIT, ADMIT, REFUSE_AND_TELL, CLOSE), burst(rate, T0, 4));
    }

    @Test
    void aSteadyRateAtTheLimitIsNeverRefused() {
        FrameRate rate = new FrameRate(10, 2);

        for (long ms = 0; ms < 60_000; ms += 100) {
            assertEquals(ADMIT, rate.admit(T0 + ms), "at " + ms + " ms");
        }
    }
}
