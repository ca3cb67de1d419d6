package io.surewire.console.boundary;

import io.surewire.ops.boundary.Sessions;
import io.surewire.ops.control.ClientSession;
import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The clients page: the open connections of this node with their lag per topic, and the disconnect
 * (close 1012: the client reconnects and resumes), confirmed first.
 */
@Named
@ViewScoped
public class ClientsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Sessions sessions;

    @Inject
    OperatorBacking operator;

    @Inject
    transient Logger log;

    private List<ClientSession> all = List.of();
    private String search;
    private String chosen;

    @PostConstruct
    void load() {
        all = sessions.all();
    }

    public void refresh() {
        load();
    }

    /** The connections whose client_id, role or a topic contains the search text. */
    public List<ClientSession> getClients() {
        if (search == null || search.isBlank()) {
            return all;
        }
        String text = search.strip().toLowerCase(Locale.ROOT);
        return all.stream().filter(s -> s.clientId().toLowerCase(Locale.ROOT).contains(text)
                || s.role().contains(text)
                || s.topics().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(text))).toList();
    }

    public int getCount() {
        return all.size();
    }

    public String getSearch() {
        return search;
    }

    public void setSearch(String search) {
        this.search = search;
    }

    /** The client the confirmation dialog asks about. */
    public String getChosen() {
        return chosen;
    }

    public void choose(String clientId) {
        this.chosen = clientId;
    }

    public void disconnect() {
        String clientId = chosen;
        chosen = null;
        if (clientId == null) {
            return;
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        if (sessions.disconnect(clientId)) {
            log.info(() -> "console: " + operator.getName() + " disconnected client " + clientId);
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, "Disconnected " + clientId,
                    "Closed with 1012: the client reconnects and resumes from its last processed seq."));
        } else {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN, clientId + " was not connected",
                    "It has no open connection on this node any more."));
        }
        load();
    }
}
