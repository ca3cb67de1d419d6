package io.surewire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link Names#isTopic} and {@link Names#isClientId} say exactly what their rules say, written here as
 * the regular expressions of {@link Names#TOPIC_RULE} and {@link Names#CLIENT_ID_RULE}.
 *
 * <p><b>Bounds.</b> Names of 0 to 10 characters past the longer limit (210), from the allowed characters
 * and their neighbours in ASCII, a space, a non-ASCII letter and a surrogate pair's halves.
 */
class NamesPropertiesTest {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._:/-]{1," + Names.MAX_TOPIC_LENGTH + "}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + Names.MAX_CLIENT_ID_LENGTH + "}");
    private static final String CHARS = "azAZ09._:/-`{@[/;,+ \u00e9\ud83d\ude00";

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> mostlyAllowed = Arbitraries.strings().withChars(CHARS.toCharArray())
                .ofMaxLength(Names.MAX_TOPIC_LENGTH + 10);
        Arbitrary<String> nearTheLimits = Arbitraries.of(Names.MAX_CLIENT_ID_LENGTH, Names.MAX_TOPIC_LENGTH)
                .flatMap(limit -> Arbitraries.strings().withChars("aZ9._:-/".toCharArray())
                        .ofMinLength(limit - 1).ofMaxLength(limit + 1));
        return Arbitraries.oneOf(mostlyAllowed, nearTheLimits);
    }

    @Property(tries = 3000)
    void aTopicIsWhatItsRuleSays(@ForAll("names") String name) {
        assertEquals(TOPIC.matcher(name).matches(), Names.isTopic(name), name);
    }

    @Property(tries = 3000)
    void aClientIdIsWhatItsRuleSays(@ForAll("names") String name) {
        assertEquals(CLIENT_ID.matcher(name).matches(), Names.isClientId(name), name);
    }

    @Test
    void theEdgesOfTheRules() {
        assertFalse(Names.isTopic(null));
        assertFalse(Names.isTopic(""));
        assertTrue(Names.isTopic("a".repeat(Names.MAX_TOPIC_LENGTH)));
        assertFalse(Names.isTopic("a".repeat(Names.MAX_TOPIC_LENGTH + 1)));
        assertTrue(Names.isTopic("clinic/board:2026-12.a_b"));
        assertFalse(Names.isClientId("clinic/board"));
        assertTrue(Names.isClientId("c".repeat(Names.MAX_CLIENT_ID_LENGTH)));
        assertFalse(Names.isClientId("c".repeat(Names.MAX_CLIENT_ID_LENGTH + 1)));
        assertFalse(Names.isTopic("caf\u00e9"));
    }
}
