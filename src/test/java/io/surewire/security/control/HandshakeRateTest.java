package io.surewire.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandshakeRateTest {

    @Test
    void aBurstThenTheSustainedRate() {
        HandshakeRate rate = new HandshakeRate(2, 5, 100);
        for (int i = 0; i < 5; i++) {
            assertTrue(rate.admit("10.0.0.1", 0));
        }
        assertFalse(rate.admit("10.0.0.1", 0));
        assertTrue(rate.admit("10.0.0.2", 0), "another address has its own bucket");
        assertFalse(rate.admit("10.0.0.1", 400));
        assertTrue(rate.admit("10.0.0.1", 500), "one more after half a second at 2/s");
        assertFalse(rate.admit("10.0.0.1", 600));
    }

    @Test
    void zeroTurnsTheLimitOff() {
        HandshakeRate rate = new HandshakeRate(0, 1, 1);
        for (int i = 0; i < 1000; i++) {
            assertTrue(rate.admit("a" + i, 0));
        }
        assertEquals(0, rate.addresses());
    }

    @Test
    void holdsAtMostMaxAddressesAndForgetsTheRefilledOnes() {
        HandshakeRate rate = new HandshakeRate(10, 10, 3);
        assertTrue(rate.admit("a", 0));
        assertTrue(rate.admit("b", 0));
        assertTrue(rate.admit("c", 0));
        assertFalse(rate.admit("d", 0), "a fourth address is refused while three are tracked");
        assertEquals(3, rate.addresses());
        assertTrue(rate.admit("d", 2000), "after a refill the quiet addresses are forgotten");
        assertEquals(1, rate.addresses());
    }
}
