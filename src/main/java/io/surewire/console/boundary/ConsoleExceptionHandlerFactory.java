package io.surewire.console.boundary;

import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.FacesContext;
import org.primefaces.application.exceptionhandler.PrimeExceptionHandler;

/**
 * An exception of a console page's Ajax request goes to PrimeFaces, so that the page's
 * {@code p:ajaxExceptionHandler} shows it (or reloads a page whose view expired); an exception of any
 * other request goes to the container as it would without PrimeFaces, whose error page is then the
 * console's HTML page ({@code platform/ErrorServlet}). PrimeFaces' own handler would instead redirect
 * the browser to that page's address, where nothing says which page failed.
 */
public class ConsoleExceptionHandlerFactory extends ExceptionHandlerFactory {

    public ConsoleExceptionHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        ExceptionHandler standard = getWrapped().getExceptionHandler();
        ExceptionHandler ajax = new PrimeExceptionHandler(standard);
        return new ExceptionHandlerWrapper(standard) {
            @Override
            public void handle() {
                FacesContext faces = FacesContext.getCurrentInstance();
                if (faces != null && faces.getPartialViewContext().isAjaxRequest()) {
                    ajax.handle();
                } else {
                    super.handle();
                }
            }
        };
    }
}
