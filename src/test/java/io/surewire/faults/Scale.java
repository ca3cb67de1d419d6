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

    /** {@code base} for a short run, more for a full one. */
    public int of(int base) {
        return base * factor;
    }
}
