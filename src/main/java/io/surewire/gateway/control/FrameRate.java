package io.surewire.gateway.control;

/**
 * How many frames a connection may send: {@code perSecond} in each one-second window. The first
 * frame over the limit in a window is answered {@code rate_limited}, later ones are dropped without
 * answer; a connection over the limit in {@code maxLimitedSeconds} windows in a row is closed at its
 * next excess frame after that window's {@code rate_limited}, so a close always follows a warning.
 */
public final class FrameRate {

    public enum Verdict { ADMIT, REFUSE_AND_TELL, REFUSE, CLOSE }

    private final int perSecond;
    private final int maxLimitedSeconds;
    private long windowStart;
    private int count;
    private boolean limited;
    private int limitedWindows;

    public FrameRate(int perSecond, int maxLimitedSeconds) {
        this.perSecond = perSecond;
        this.maxLimitedSeconds = maxLimitedSeconds;
    }

    public synchronized Verdict admit(long nowMillis) {
        long elapsed = nowMillis - windowStart;
        if (elapsed >= 1000) {
            limitedWindows = limited && elapsed < 2000 ? limitedWindows + 1 : 0;
            windowStart = nowMillis;
            count = 0;
            limited = false;
        }
        if (++count <= perSecond) {
            return Verdict.ADMIT;
        }
        if (!limited) {
            limited = true;
            return Verdict.REFUSE_AND_TELL;
        }
        return limitedWindows + 1 >= maxLimitedSeconds ? Verdict.CLOSE : Verdict.REFUSE;
    }
}
