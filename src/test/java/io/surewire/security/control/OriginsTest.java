package io.surewire.security.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginsTest {

    @Test
    void noOriginIsNoBrowserAndAllowed() {
        assertTrue(new Origins("").allows(null, "h:8080"));
    }

    @Test
    void theServersOwnOriginWhateverTheScheme() {
        Origins origins = new Origins(null);
        assertTrue(origins.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(origins.allows("https://Board.Example.com", "board.example.com"));
        assertTrue(origins.allows("http://board.example.com:80", "board.example.com"));
        assertFalse(origins.allows("http://evil.example:8080", "127.0.0.1:8080"));
        assertFalse(origins.allows("http://127.0.0.1:8081", "127.0.0.1:8080"));
        assertFalse(origins.allows("null", "127.0.0.1:8080"));
        assertFalse(origins.allows("http://127.0.0.1:8080", null));
    }

    @Test
    void listedOriginsExactlyAsListed() {
        Origins origins = new Origins(" https://app.example.com , http://localhost:3000,");
        assertTrue(origins.allows("https://app.example.com", "api.example.com"));
        assertTrue(origins.allows("https://app.example.com:443", "api.example.com"));
        assertTrue(origins.allows("http://localhost:3000", "api.example.com"));
        assertFalse(origins.allows("http://app.example.com", "api.example.com"), "another scheme is another origin");
        assertFalse(origins.allows("https://app.example.com.evil.example", "api.example.com"));
    }
}
