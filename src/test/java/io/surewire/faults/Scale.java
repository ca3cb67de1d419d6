package io.surewire.faults;

/**
 * How big a fault run is: {@code short} inside {@code mvn verify}, {@code full} in the {@code faults}
 * profile ({@code mvn verify -Pfaults}). Chosen with the system property {@code surewire.faults.scale}.
 */
public enum Scale {
    SHORT(1), FULL(4);

    private final int factor;

    Scale(int factor) {
        this.factor = factor;
    }

    public static Scale current() {
        return "full".equalsIgnoreCase(System.getProperty("surewire.faults.scale", "short")) ? FULL : SHORT;
    }

    /**
     * The seed of a fuzz's generator: {@code surewire.faults.seed} when it is set (to try inputs no run
     * has tried), else {@code fixed}, so that the default build sends the same inputs every time. A
     * failure's message names the seed, which sends the same inputs again.
     */
    public static long seed(long fixed) {
        return Long.getLong("surewire.faults.seed", fixed);
    }

    /** {@code base} for a short run, more for a full one. */
    public int of(int base) {
        return base * factor;
    }
}
