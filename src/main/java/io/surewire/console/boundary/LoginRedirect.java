package io.surewire.console.boundary;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The console's login page, where the form login sends whoever has no session. An Ajax request of a
 * page whose session ended (the dashboard's poll after a restart) gets a Faces redirect to that page
 * instead of the login page's HTML, which it could not use; the page then asks for a login and comes
 * back after it. An operator who is logged in already and opens the login page goes to the dashboard.
 */
@WebFilter(urlPatterns = "/console/login.xhtml", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD})
public class LoginRedirect extends HttpFilter {

    private static final String DASHBOARD = "/console/";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String context = request.getContextPath();
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            // the form login kept this request to send it again after the login: a page's Ajax request
            // is no use then (its view is gone), so the session that holds it goes
            HttpSession kept = request.getSession(false);
            if (kept != null) {
                kept.invalidate();
            }
            Object page = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
            String target = page instanceof String uri && uri.startsWith(context + "/console/") ? uri : context + DASHBOARD;
            response.setContentType("text/xml");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + target.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\"/></partial-response>");
            return;
        }
        if (request.getDispatcherType() == DispatcherType.REQUEST && request.isUserInRole("operator")) {
            response.sendRedirect(context + DASHBOARD);
            return;
        }
        chain.doFilter(request, response);
    }
}
