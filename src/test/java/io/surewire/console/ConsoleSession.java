package io.surewire.console;

import io.surewire.it.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A browser's view of the console over plain HTTP: its own cookies, redirects not followed, and the
 * form login of the container (a POST of {@code j_username} and {@code j_password} to
 * {@code j_security_check}).
 */
final class ConsoleSession {

    /** The console account the build gives the servers of the tests (role operator). */
    static final String OPERATOR = "operator";
    /** An account in no role of the console. */
    static final String VIEWER = "viewer";
    static final String PASSWORD = System.getProperty("surewire.it.operator-password", "console-tests-only-0perator");

    private final URL base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    ConsoleSession(URL base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Asks for the console (which answers the login page), then logs in; returns the answer to the login. */
    HttpResponse<String> login(String user, String password) {
        get("/console/");
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(Endpoints.http(base, "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(Endpoints.http(base, path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The session cookie, once the server set one. */
    Optional<HttpCookie> sessionCookie() {
        return cookies.getCookieStore().get(URI.create("http://" + base.getHost() + ":" + base.getPort() + "/")).stream()
                .filter(c -> c.getName().equals("JSESSIONID")).findFirst();
    }
}
