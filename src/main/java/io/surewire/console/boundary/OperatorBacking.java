package io.surewire.console.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.logging.Logger;

/** Who is logged in to the console, and the logout. */
@Named
@RequestScoped
public class OperatorBacking {

    @Inject
    ExternalContext external;

    @Inject
    Logger log;

    public String getName() {
        return external.getRemoteUser();
    }

    /** Ends the login and the session; the next page asks for a login again. */
    public void logout() throws IOException {
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        String name = request.getRemoteUser();
        try {
            request.logout();
        } catch (ServletException e) {
            log.warning(() -> "logout of " + name + " failed: " + e.getMessage());
        }
        external.invalidateSession();
        log.info(() -> "console: " + name + " logged out");
        external.redirect(external.getRequestContextPath() + "/console/");
        FacesContext.getCurrentInstance().responseComplete();
    }
}
