package io.surewire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Handshake#of}: the connection parameters of PROTOCOL §1 and the close codes of §8. */
class HandshakeTest {

    /** Query parameters as name, value, name, value, ...; a name may repeat. */
    private static Map<String, List<String>> query(String... nameValues) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.merge(nameValues[i], List.of(nameValues[i + 1]),
                    (a, b) -> Stream.concat(a.stream(), b.stream()).collect(Collectors.toList()));
        }
        return parameters;
    }

    private static void assertRefused(CloseCode expected, Map<String, List<String>> parameters) {
        Handshake.Refused refused = assertThrows(Handshake.Refused.class, () -> Handshake.of(parameters),
                () -> "parameters " + parameters);
        assertEquals(expected, refused.closeCode(), () -> "close code for " + parameters + ": " + refused.getMessage());
        assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void clientIdAloneTakesTheDefaults() {
        assertEquals(new Handshake("abc-123", 1, "frontend", null), Handshake.of(query("client_id", "abc-123")));
    }

    @Test
    void everyParameterGiven() {
        assertEquals(new Handshake("tab.7:x_y-z", 1, "admin", "eyJhbGciOiJIUzI1NiJ9.e30.sig"),
                Handshake.of(query("client_id", "tab.7:x_y-z", "version", "1", "role", "admin",
                        "token", "eyJhbGciOiJIUzI1NiJ9.e30.sig")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"frontend", "admin", "test"})
    void everyRoleOfTheProtocol(String role) {
        assertEquals(new Handshake("c", 1, role, null), Handshake.of(query("client_id", "c", "role", role)));
    }

    @Test
    void rolesAreExactlyThoseOfTheProtocol() {
        assertEquals(Set.of("frontend", "admin", "test"), Handshake.ROLES);
    }

    @Test
    void versionOneIsAccepted() {
        assertEquals(1, Handshake.of(query("client_id", "c", "version", "1")).version());
        assertEquals(1, ServerFrames.VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", ".", "_", ":", "-",
            "ABCMNXYZabcmnxyz0123456789._:-",
            "550e8400-e29b-41d4-a716-446655440000"})
    void acceptedClientIds(String clientId) {
        assertEquals(clientId, Handshake.of(query("client_id", clientId)).clientId());
    }

    @Test
    void clientIdOf64CharactersIsAccepted() {
        String id = "c".repeat(64);
        assertEquals(new Handshake(id, 1, "frontend", null), Handshake.of(query("client_id", id)));
    }

    @Test
    void unknownParametersAreIgnored() {
        assertEquals(new Handshake("c", 1, "test", null),
                Handshake.of(query("client_id", "c", "role", "test", "foo", "bar", "foo", "baz", "since", "3")));
    }

    @Test
    void anEmptyValueListCountsAsAbsent() {
        Map<String, List<String>> parameters = Map.of("client_id", List.of("c"), "version", List.of(),
                "role", List.of(), "token", List.of());
        assertEquals(new Handshake("c", 1, "frontend", null), Handshake.of(parameters));
    }

    @Test
    void tokenIsCarriedAsGiven() {
        assertEquals("a.b.c", Handshake.of(query("client_id", "c", "token", "a.b.c")).token());
    }

    @Test
    void neverShowsTheTokenInText() {
        Handshake handshake = Handshake.of(query("client_id", "c", "token", "eyJ.secret-part.sig"));
        assertFalse(handshake.toString().contains("secret-part"), handshake.toString());
        assertTrue(handshake.toString().contains("(redacted)"));
    }

    // ---------------------------------------------------------------- 4402 client_id

    @Test
    void missingClientIdIs4402() {
        assertRefused(CloseCode.INVALID_CLIENT_ID, Map.of());
        assertRefused(CloseCode.INVALID_CLIENT_ID, query("version", "1", "role", "frontend"));
        assertRefused(CloseCode.INVALID_CLIENT_ID, Map.of("client_id", List.of()));
    }

    @ParameterizedTest(name = "client_id \"{0}\"")
    @ValueSource(strings = {"", " ", "a b", " a", "a ", "a/b", "a#b", "a?b", "a&b", "a=b", "a+b", "a%20b", "a@b",
            "a,b", "a;b", "a*b", "a\\b", "a\"b", "a'b", "a\tb", "a\nb", "a\u0000b", "caf\u00e9", "\u65e5\u672c",
            "\uD83D\uDE00", "\uff41"})
    void invalidClientIdIs4402(String clientId) {
        assertRefused(CloseCode.INVALID_CLIENT_ID, query("client_id", clientId));
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 66, 200, 10_000})
    void clientIdOver64CharactersIs4402(int length) {
        assertRefused(CloseCode.INVALID_CLIENT_ID, query("client_id", "c".repeat(length)));
    }

    @Test
    void clientIdGivenTwiceIs4402() {
        assertRefused(CloseCode.INVALID_CLIENT_ID, query("client_id", "a", "client_id", "b"));
        assertRefused(CloseCode.INVALID_CLIENT_ID, query("client_id", "a", "client_id", "a"));
    }

    // ---------------------------------------------------------------- 4400 version

    @ParameterizedTest(name = "version \"{0}\"")
    @ValueSource(strings = {"2", "0", "-1", "abc", "", " ", "1 ", " 1", "01", "1.0", "1.1", "v1", "+1", "one",
            "\u0661", "99999999999999999999"})
    void unsupportedVersionIs4400(String version) {
        assertRefused(CloseCode.UNSUPPORTED_VERSION, query("client_id", "c", "version", version));
    }

    @Test
    void unsupportedVersionWithAHugeValueIs4400WithAShortMessage() {
        Handshake.Refused refused = assertThrows(Handshake.Refused.class,
                () -> Handshake.of(query("client_id", "c", "version", "9".repeat(100_000))));
        assertEquals(CloseCode.UNSUPPORTED_VERSION, refused.closeCode());
        // the message quotes an abbreviated version (the gateway cuts it to a close reason)
        assertTrue(refused.getMessage().length() < 200, "message length " + refused.getMessage().length());
    }

    @Test
    void versionGivenTwiceIs4400() {
        assertRefused(CloseCode.UNSUPPORTED_VERSION, query("client_id", "c", "version", "1", "version", "1"));
        assertRefused(CloseCode.UNSUPPORTED_VERSION, query("client_id", "c", "version", "1", "version", "2"));
    }

    // ---------------------------------------------------------------- 4401 role

    @ParameterizedTest(name = "role \"{0}\"")
    @ValueSource(strings = {"", " ", "Frontend", "ADMIN", "Test", "admin ", " admin", "operator", "root", "user",
            "frontend,admin", "tests"})
    void invalidRoleIs4401(String role) {
        assertRefused(CloseCode.INVALID_ROLE, query("client_id", "c", "role", role));
    }

    @Test
    void roleGivenTwiceIs4401() {
        assertRefused(CloseCode.INVALID_ROLE, query("client_id", "c", "role", "frontend", "role", "admin"));
        assertRefused(CloseCode.INVALID_ROLE, query("client_id", "c", "role", "admin", "role", "admin"));
    }

    // ---------------------------------------------------------------- 4403 token

    @Test
    void tokenGivenTwiceIs4403() {
        assertRefused(CloseCode.INVALID_TOKEN, query("client_id", "c", "token", "t1", "token", "t2"));
    }

    // ---------------------------------------------------------------- order of the checks

    @Test
    void aBadClientIdIsReportedBeforeABadVersionOrRole() {
        assertRefused(CloseCode.INVALID_CLIENT_ID, query("client_id", "a b", "version", "2", "role", "x"));
    }

    @Test
    void aBadVersionIsReportedBeforeABadRole() {
        assertRefused(CloseCode.UNSUPPORTED_VERSION, query("client_id", "c", "version", "2", "role", "x"));
    }

    // ---------------------------------------------------------------- §8 close codes

    @Test
    void closeCodesOfSection8() {
        assertEquals(1000, CloseCode.NORMAL.code());
        assertEquals(1001, CloseCode.GOING_AWAY.code());
        assertEquals(1009, CloseCode.TOO_BIG.code());
        assertEquals(4400, CloseCode.UNSUPPORTED_VERSION.code());
        assertEquals(4401, CloseCode.INVALID_ROLE.code());
        assertEquals(4402, CloseCode.INVALID_CLIENT_ID.code());
        assertEquals(4403, CloseCode.INVALID_TOKEN.code());
        assertEquals(4408, CloseCode.TIMEOUT.code());
        assertEquals(4409, CloseCode.SUPERSEDED.code());
        assertEquals(4429, CloseCode.TOO_MANY.code());
        assertEquals(4500, CloseCode.HANDSHAKE_ERROR.code());
        // besides §8: 1012, the standard "service restart", for a client an operator disconnects
        assertEquals(1012, CloseCode.SERVICE_RESTART.code());
        assertEquals(12, CloseCode.values().length);
    }

    @Test
    void terminalCodesAreExactly4400To4403And4409() {
        Set<Integer> terminal = Stream.of(CloseCode.values()).filter(CloseCode::terminal).map(CloseCode::code)
                .collect(Collectors.toSet());
        assertEquals(Set.of(4400, 4401, 4402, 4403, 4409), terminal);
    }

    @Test
    void closeCodeOfItsNumber() {
        for (CloseCode code : CloseCode.values()) {
            assertEquals(code, CloseCode.of(code.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> CloseCode.of(1006));
        assertThrows(IllegalArgumentException.class, () -> CloseCode.of(4404));
    }

    @Test
    void closeReasonsFitInAWebSocketCloseFrame() {
        for (CloseCode code : CloseCode.values()) {
            assertFalse(code.reason().isBlank(), code.name());
            assertTrue(code.reason().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123, code.name());
        }
    }
}
