package io.surewire.it;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Where the deployed server answers, and a small HTTP client for its API. */
public final class Endpoints {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Endpoints() {
    }

    /** The server the tests start, for tests that deploy by hand and so get no injected URL. */
    public static URL server() {
        try {
            return URI.create("http://127.0.0.1:8080/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ws://host:port/ws/client} of the deployment at {@code base}. */
    public static URI webSocket(URL base) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/client");
    }

    /** A protocol client of the deployment at {@code base}, connected as {@code clientId}, its hello taken. */
    public static io.surewire.client.SurewireClient connected(URL base, String clientId) {
        io.surewire.client.SurewireClient client = io.surewire.client.SurewireClient.connect(webSocket(base), clientId);
        client.await("hello", Duration.ofSeconds(30));
        return client;
    }

    public static URI http(URL base, String path) {
        return URI.create("http://" + base.getHost() + ":" + base.getPort() + path);
    }

    public static HttpResponse<String> get(URL base, String path) {
        return send(HttpRequest.newBuilder(http(base, path)).GET());
    }

    public static HttpResponse<String> post(URL base, String path, String body) {
        return send(HttpRequest.newBuilder(http(base, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
