package io.surewire.it;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the deployed server answers, and a small HTTP client for its API. */
public final class Endpoints {

    private static final Pattern ACK_PATH = Pattern.compile("/api/v1/clients/([^/]+)/acks");

    /** HTTP/1.1, as most clients of the API speak it (see {@code FaultRun} for the JDK client's HTTP/2). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

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

    /**
     * Sends the request as it is when it carries an {@code Authorization} header; else with a token
     * that may do everything: the token of the path's client for a fallback ack, of the
     * {@code Surewire-Client-Id} for a publish that names one, an operator's otherwise.
     */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        if (built.headers().firstValue("Authorization").isEmpty()) {
            Matcher ack = ACK_PATH.matcher(built.uri().getRawPath());
            Optional<String> publisher = built.headers().firstValue("Surewire-Client-Id");
            String token = ack.matches() ? TestTokens.all(URLDecoder.decode(ack.group(1), StandardCharsets.UTF_8), "frontend")
                    : publisher.map(id -> TestTokens.all(id, "frontend")).orElseGet(TestTokens::operator);
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("Authorization", "Bearer " + token).build();
        }
        return sendAsIs(built);
    }

    /** Sends exactly this request. */
    public static HttpResponse<String> sendAsIs(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
