package io.surewire.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Like}: a prefix matches itself, whatever LIKE would make of its characters. */
class LikeTest {

    @Test
    void aPrefixMatchesWhatStartsWithIt() {
        assertEquals("orders/eu%", Like.startingWith("orders/eu"));
        assertEquals("%", Like.startingWith(""));
        assertEquals("%", Like.startingWith(null));
    }

    @Test
    void wildcardsAndTheEscapeMatchThemselves() {
        assertEquals("a\\_b\\%c\\\\%", Like.startingWith("a_b%c\\"));
    }
}
