package io.surewire.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the whole application (see {@code WEB-INF/web.xml}): what the container itself
 * refuses, before any resource runs (a malformed header, say), is answered as JSON too. The
 * operator console's pages (under {@code /console/}) get a page a person can read instead.
 */
@WebServlet("/error")
public class ErrorServlet extends HttpServlet {

    private static final String CONSOLE = "/console/";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && path.startsWith(request.getContextPath() + CONSOLE)) {
            response.setStatus(status);
            response.setCharacterEncoding("UTF-8");
            response.setContentType("text/html");
            response.getWriter().write(page(status, request.getContextPath()));
            return;
        }
        ApiErrors.write(response, status, ApiErrors.code(status),
                status >= 500 ? "internal error" : "the request was refused (" + status + ")");
    }

    /** The console's error page: what happened in words, and the way back. No detail of the failure. */
    private static String page(int status, String context) {
        String title;
        String text;
        switch (status) {
            case 403 -> {
                title = "Not allowed";
                text = "This account is not in the role <b>operator</b>, which the console needs.";
            }
            case 404 -> {
                title = "No such page";
                text = "The console has no page at this address.";
            }
            case 400, 405, 413, 415 -> {
                title = "Request refused";
                text = "The console could not take this request.";
            }
            default -> {
                title = status == 503 ? "Unavailable" : "Something went wrong";
                text = "The server could not show this page. Try again; the server log says more.";
            }
        }
        String home = context + CONSOLE;
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%2$s · Surewire console</title><link rel="icon" href="data:,">
                <style>
                body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f1f5f9;color:#0f172a}
                header{background:#0f172a;color:#f8fafc;padding:12px 24px;font-weight:600;letter-spacing:.02em}
                header span{color:#94a3b8;font-weight:400;margin-left:8px}
                main{max-width:520px;margin:64px auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:32px}
                .status{color:#64748b;font-size:12px;text-transform:uppercase;letter-spacing:.08em}
                h1{margin:4px 0 12px;font-size:22px}
                a{display:inline-block;margin-top:16px;background:#2563eb;color:#fff;text-decoration:none;padding:8px 14px;border-radius:6px}
                </style></head>
                <body><header>Surewire<span>operator console</span></header>
                <main data-testid="console-error"><div class="status">Error %1$d</div><h1>%2$s</h1><p>%3$s</p>
                <a href="%4$s">Back to the dashboard</a></main></body></html>
                """.formatted(status, title, text, home);
    }
}
