package io.surewire.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * JSON builders from one provider, looked up once. The static methods of {@link jakarta.json.Json}
 * look the provider up on every call: a {@code ServiceLoader} scan of the deployment's jars and a
 * {@code ClassNotFoundException}, which took a tenth of the server's CPU under HTTP publishes. Build
 * every frame and HTTP body with these instead.
 */
public final class JsonBuilders {

    /** The provider, safe for use by concurrent threads. */
    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonBuilders() {
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }
}
