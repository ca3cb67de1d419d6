package io.surewire.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFilterTest {

    @ParameterizedTest
    @CsvSource({
            "a/#, a, true", "a/#, a/b, true", "a/#, a/b/c, true", "a/#, ab, false", "a/#, b/a, false",
            "#, a, true", "#, a/b/c, true",
            "a/+, a/b, true", "a/+, a, false", "a/+, a/b/c, false", "+/b, x/b, true", "+/b, x/c, false",
            "+/+/c, a/b/c, true", "+/#, a, true", "+/#, a/b/c, true",
            "appointments/+, appointments/2026-11-30, true", "appointments/+, appointments, false",
            "a/b, a/b, true", "a/b, a/b/c, false", "a/b, a, false", "a.b, a.b, true", "a.b, axb, false"
    })
    void matchesAsMqttDoes(String filter, String topic, boolean matches) {
        assertEquals(matches, new TopicFilter(filter).matches(topic), filter + " vs " + topic);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a#", "#a", "a/b#", "a+", "+a/b", "a/+b", "##"})
    void refusesFiltersThatBreakTheRules(String filter) {
        assertThrows(IllegalArgumentException.class, () -> new TopicFilter(filter));
    }

    @Test
    void refusesAnOverlongFilter() {
        assertThrows(IllegalArgumentException.class, () -> new TopicFilter("a".repeat(201)));
        assertThrows(IllegalArgumentException.class, () -> new TopicFilter(null));
    }

    @Test
    void matchesNothingForNoTopic() {
        assertFalse(new TopicFilter("#").matches(null));
    }

    /** A topic is its own filter, and its parent's {@code #} covers it. */
    @Property(tries = 200)
    void aTopicMatchesItselfAndItsParentsHash(@ForAll @Size(min = 1, max = 5) List<@AlphaChars @StringLength(min = 1, max = 8) String> levels) {
        String topic = String.join("/", levels);
        assertTrue(new TopicFilter(topic).matches(topic));
        String parent = String.join("/", levels.subList(0, levels.size() - 1));
        assertTrue(new TopicFilter(parent.isEmpty() ? "#" : parent + "/#").matches(topic));
        assertTrue(new TopicFilter(topic + "/#").matches(topic));
        String plus = levels.size() == 1 ? "+" : parent + "/+";
        assertTrue(new TopicFilter(plus).matches(topic));
        assertFalse(new TopicFilter(topic + "/+").matches(topic));
    }
}
