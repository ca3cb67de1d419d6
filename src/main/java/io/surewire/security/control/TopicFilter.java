package io.surewire.security.control;

/**
 * A topic filter as in MQTT: levels separated by {@code /}; {@code +} matches exactly one level;
 * {@code #}, only as the last level, matches that level's parent and every level below it
 * ({@code a/#} matches {@code a}, {@code a/b}, {@code a/b/c}); every other character matches itself.
 */
public record TopicFilter(String filter) {

    private static final int MAX_LENGTH = 200;

    public TopicFilter {
        if (filter == null || filter.isEmpty() || filter.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a topic filter has 1-" + MAX_LENGTH + " characters");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'#' may only be the whole last level of a topic filter: " + filter);
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level of a topic filter: " + filter);
            }
        }
    }

    public boolean matches(String topic) {
        if (topic == null) {
            return false;
        }
        String[] want = filter.split("/", -1);
        String[] have = topic.split("/", -1);
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("#")) {
                return true; // the parent level (i levels of the topic) or anything below it
            }
            if (i >= have.length) {
                return false;
            }
            if (!want[i].equals("+") && !want[i].equals(have[i])) {
                return false;
            }
        }
        return want.length == have.length;
    }

    /** Whether any of {@code filters} matches {@code topic}. */
    public static boolean anyMatches(Iterable<TopicFilter> filters, String topic) {
        for (TopicFilter f : filters) {
            if (f.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return filter;
    }
}
