package io.surewire.ops.control;


/** One dependency the health endpoint checks. */
public interface Probe {

    Result check();

    /**
     * The outcome of one check: {@code detail} says what answered, or why nothing did (for the log,
     * never for anonymous callers); {@code busy} when the component answers but had nothing free for
     * the check (still up: it is working).
     */
    record Result(String name, boolean up, boolean busy, long millis, String detail) {

        public Result(String name, boolean up, long millis, String detail) {
            this(name, up, false, millis, detail);
        }

        /** {@code up}, {@code busy} or {@code down}. */
        public String status() {
            return !up ? "down" : busy ? "busy" : "up";
        }
    }
}
