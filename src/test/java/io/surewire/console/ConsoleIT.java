package io.surewire.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import io.surewire.it.Hooks;
import io.surewire.it.TestTokens;
import io.surewire.security.control.Grant;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's login (PROTOCOL §7): without a login every page of the console, and the resource
 * that streams a page's data, answers the login page and nothing of its data; with an operator's
 * login each page answers; the login's session satisfies the HTTP API's operator endpoints; an
 * account without the role gets neither; a logout ends it all. Plain HTTP with a cookie store.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleIT {

    /** Every page of the console, and what only the page itself (never the login page) shows. */
    private static final List<String[]> PAGES = List.of(
            new String[] {"/console/", "data-testid=\"tile-connections\""},
            new String[] {"/console/index.xhtml", "data-testid=\"tile-connections\""},
            new String[] {"/console/clients.xhtml", "data-testid=\"clients-table\""},
            new String[] {"/console/topics.xhtml", "data-testid=\"topics-table\""},
            new String[] {"/console/failures.xhtml", "data-testid=\"failures-table\""},
            new String[] {"/console/jobs.xhtml", "data-testid=\"jobs\""});

    /** What the login page shows. */
    private static final String LOGIN_FORM = "j_security_check";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire();
    }

    @ArquillianResource
    URL base;

    @Test
    void withoutALoginEveryPageAnswersTheLoginPageAndNoData() {
        ConsoleSession anonymous = new ConsoleSession(base);
        for (String[] page : PAGES) {
            HttpResponse<String> response = anonymous.get(page[0]);
            assertEquals(200, response.statusCode(), page[0]);
            assertTrue(response.body().contains(LOGIN_FORM), page[0] + " shows the login form");
            assertFalse(response.body().contains(page[1]), page[0] + " shows nothing of the page");
            assertFalse(response.body().contains("jakarta.faces.ViewState"), page[0] + " has no page state");
        }
        for (String path : List.of("/console/login.xhtml", "/console/no-such-page.xhtml", "/console/clients.xhtml?x=1",
                "/jakarta.faces.resource/dynamiccontent.properties.xhtml?ln=primefaces&pfdrid=x",
                "/console/token?client_id=anyone")) {
            HttpResponse<String> response = anonymous.get(path);
            assertEquals(200, response.statusCode(), path);
            assertTrue(response.body().contains(LOGIN_FORM), path + " shows the login form");
        }
    }

    @Test
    void aPostOfAPageWithoutALoginChangesNothingAndAnAjaxOneIsSentToTheLogin() {
        ConsoleSession anonymous = new ConsoleSession(base);
        HttpResponse<String> form = anonymous.send(HttpRequest.newBuilder(Endpoints.http(base, "/console/clients.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("clients=clients&clients:refresh=")));
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains(LOGIN_FORM));

        HttpResponse<String> ajax = anonymous.send(HttpRequest.newBuilder(Endpoints.http(base, "/console/index.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Faces-Request", "partial/ajax")
                .POST(HttpRequest.BodyPublishers.ofString("jakarta.faces.partial.ajax=true&live=live")));
        assertEquals(200, ajax.statusCode());
        assertTrue(ajax.body().contains("<partial-response><redirect url=\"/console/index.xhtml\"/></partial-response>"),
                ajax.body());
    }

    @Test
    void theThemeAndTheConsoleStylesNeedNoLogin() {
        ConsoleSession anonymous = new ConsoleSession(base);
        HttpResponse<String> css = anonymous.get("/jakarta.faces.resource/console.css.xhtml?ln=console");
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        HttpResponse<String> theme = anonymous.get("/jakarta.faces.resource/theme.css.xhtml?ln=primefaces-saga-blue");
        assertEquals(200, theme.statusCode());
    }

    @Test
    void anOperatorsLoginOpensEveryPage() {
        ConsoleSession operator = new ConsoleSession(base);
        HttpResponse<String> login = operator.login(ConsoleSession.OPERATOR, ConsoleSession.PASSWORD);
        assertEquals(302, login.statusCode(), login.body());
        assertTrue(login.headers().firstValue("Location").orElse("").endsWith("/console/"),
                "back to the page asked for: " + login.headers().map());
        for (String[] page : PAGES) {
            HttpResponse<String> response = operator.get(page[0]);
            assertEquals(200, response.statusCode(), page[0]);
            assertTrue(response.body().contains(page[1]), page[0] + " shows the page:\n" + response.body());
            assertTrue(response.body().contains("data-testid=\"operator-name\""), page[0]);
        }
        HttpResponse<String> loginAgain = operator.get("/console/login.xhtml");
        assertEquals(302, loginAgain.statusCode(), "logged in already: the login page sends to the dashboard");
    }

    @Test
    void aLoggedInPageGetsATokenThatMayFollowOpsJobsOnly() throws Exception {
        ConsoleSession operator = new ConsoleSession(base);
        operator.login(ConsoleSession.OPERATOR, ConsoleSession.PASSWORD);
        HttpResponse<String> answer = operator.get("/console/token?client_id=console-jobs-1");
        assertEquals(200, answer.statusCode(), answer.body());
        Grant grant = TestTokens.tokens().verify(Hooks.json(answer.body()).getString("token"));
        assertEquals("console-jobs-1", grant.subject());
        assertTrue(grant.mayRead("ops/jobs"));
        assertFalse(grant.mayRead("appointments/2026-11-30"));
        assertFalse(grant.mayPublish("ops/jobs"));
        assertEquals(400, operator.get("/console/token?client_id=").statusCode());
    }

    @Test
    void theSessionCookieStaysOnThisSite() {
        ConsoleSession operator = new ConsoleSession(base);
        HttpResponse<String> page = operator.get("/console/");
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + page.headers().map()));
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
    }

    @Test
    void aWrongPasswordGetsTheLoginPageAgainWithTheReason() {
        ConsoleSession someone = new ConsoleSession(base);
        HttpResponse<String> login = someone.login(ConsoleSession.OPERATOR, "not-the-password");
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("data-testid=\"login-failed\""), login.body());
        HttpResponse<String> page = someone.get("/console/clients.xhtml");
        assertTrue(page.body().contains(LOGIN_FORM), "still not logged in");
    }

    @Test
    void theConsolesLoginSatisfiesTheOperatorEndpointsOfTheApi() {
        ConsoleSession anonymous = new ConsoleSession(base);
        for (String path : List.of("/api/sessions", "/api/websocket/metrics", "/api/websocket/metrics/series")) {
            assertEquals(401, anonymous.get(path).statusCode(), path + " without a login or a token");
        }

        ConsoleSession operator = new ConsoleSession(base);
        operator.login(ConsoleSession.OPERATOR, ConsoleSession.PASSWORD);
        HttpResponse<String> sessions = operator.get("/api/sessions");
        assertEquals(200, sessions.statusCode(), sessions.body());
        Hooks.json("{\"list\":" + sessions.body() + "}");
        HttpResponse<String> series = operator.get("/api/websocket/metrics/series");
        assertEquals(200, series.statusCode(), series.body());
        assertEquals(5, Hooks.json(series.body()).getInt("period_seconds"));
        HttpResponse<String> missing = operator.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/sessions/nobody"))
                .DELETE());
        assertEquals(404, missing.statusCode(), "the DELETE is allowed, and finds no such client");
    }

    @Test
    void anAccountWithoutTheOperatorRoleGetsNeitherTheConsoleNorTheApi() {
        ConsoleSession viewer = new ConsoleSession(base);
        HttpResponse<String> login = viewer.login(ConsoleSession.VIEWER, ConsoleSession.PASSWORD);
        assertEquals(302, login.statusCode(), "the password is right");
        HttpResponse<String> page = viewer.get("/console/");
        assertEquals(403, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("data-testid=\"console-error\"") && page.body().contains("operator"), page.body());
        assertEquals(401, viewer.get("/api/sessions").statusCode());
    }

    @Test
    void theConsolesErrorsArePagesAndTheApisStayJson() {
        ConsoleSession operator = new ConsoleSession(base);
        operator.login(ConsoleSession.OPERATOR, ConsoleSession.PASSWORD);
        HttpResponse<String> missing = operator.get("/console/no-such-page.xhtml");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(missing.body().contains("No such page"), missing.body());

        String expired = "operator=operator&operator%3Alogout=operator%3Alogout&jakarta.faces.ViewState=stale";
        HttpResponse<String> failed = operator.send(HttpRequest.newBuilder(Endpoints.http(base, "/console/topics.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(expired)));
        assertEquals(500, failed.statusCode(), "a form of a view that is gone");
        assertTrue(failed.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(failed.body().contains("Something went wrong"), failed.body());
        HttpResponse<String> ajax = operator.send(HttpRequest.newBuilder(Endpoints.http(base, "/console/index.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Faces-Request", "partial/ajax")
                .POST(HttpRequest.BodyPublishers.ofString("jakarta.faces.partial.ajax=true&jakarta.faces.source=live"
                        + "&jakarta.faces.partial.execute=live&live=live&jakarta.faces.ViewState=stale")));
        assertEquals(200, ajax.statusCode());
        assertTrue(ajax.body().contains("<partial-response") && ajax.body().contains("window.location.reload()"),
                "the page's poll reloads a page whose view is gone: " + ajax.body());

        HttpResponse<String> api = operator.get("/api/no-such-endpoint");
        assertEquals(404, api.statusCode());
        assertEquals("not_found", Hooks.json(api.body()).getString("code"));
    }

    @Test
    void aLogoutEndsTheLogin() {
        ConsoleSession operator = new ConsoleSession(base);
        operator.login(ConsoleSession.OPERATOR, ConsoleSession.PASSWORD);
        HttpResponse<String> page = operator.get("/console/topics.xhtml");
        String viewState = field(page.body(), "jakarta.faces.ViewState");
        HttpResponse<String> logout = operator.send(HttpRequest.newBuilder(Endpoints.http(base, "/console/topics.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("operator=operator&operator%3Alogout=operator%3Alogout"
                        + "&jakarta.faces.ViewState=" + java.net.URLEncoder.encode(viewState,
                        java.nio.charset.StandardCharsets.UTF_8))));
        assertEquals(302, logout.statusCode(), logout.body());

        assertTrue(operator.get("/console/topics.xhtml").body().contains(LOGIN_FORM), "the page asks for a login again");
        assertEquals(401, operator.get("/api/sessions").statusCode());
    }

    /** The value of a hidden field of the page (the first one of that name). */
    private static String field(String page, String name) {
        int at = page.indexOf("name=\"" + name + "\"");
        assertTrue(at >= 0, "no field " + name + " in\n" + page);
        int value = page.indexOf("value=\"", at) + "value=\"".length();
        return page.substring(value, page.indexOf('"', value));
    }
}
