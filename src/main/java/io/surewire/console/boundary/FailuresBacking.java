package io.surewire.console.boundary;

import io.surewire.delivery.boundary.DeliveryFailures;
import io.surewire.delivery.control.FailureFilter;
import io.surewire.delivery.entity.DeliveryFailure;
import io.surewire.ops.boundary.Replays;
import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The delivery failures page: the recorded failures, newest first, filtered by client, topic, time
 * and state; mark one resolved, or replay it ({@link Replays}), confirmed first.
 */
@Named
@ViewScoped
public class FailuresBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    DeliveryFailures failures;

    @Inject
    Replays replays;

    @Inject
    ConsoleFormat format;

    @Inject
    OperatorBacking operator;

    @Inject
    transient Logger log;

    private String client;
    private String topic;
    private LocalDateTime from;
    private LocalDateTime to;
    private FailureFilter.State state = FailureFilter.State.OPEN;
    private FailureFilter filter = FailureFilter.open();
    private LazyDataModel<DeliveryFailure> rows;
    private DeliveryFailure chosen;

    @PostConstruct
    void init() {
        rows = new LazyDataModel<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public int count(Map<String, FilterMeta> filterBy) {
                return (int) Math.min(Integer.MAX_VALUE, failures.count(filter));
            }

            @Override
            public List<DeliveryFailure> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                              Map<String, FilterMeta> filterBy) {
                return failures.find(filter, first, pageSize);
            }

            @Override
            public String getRowKey(DeliveryFailure failure) {
                return failure.id();
            }
        };
    }

    /** Applies the filter fields. */
    public void search() {
        filter = new FailureFilter(client, topic, instant(from), instant(to), state);
    }

    public void clear() {
        client = null;
        topic = null;
        from = null;
        to = null;
        state = FailureFilter.State.OPEN;
        search();
    }

    public void resolve(String id) {
        if (failures.resolve(id, DeliveryFailure.RESOLVED)) {
            log.info(() -> "console: " + operator.getName() + " resolved delivery failure " + id);
            message(FacesMessage.SEVERITY_INFO, "Marked resolved", "Nothing is sent again for it; replay it if the client needs its events.");
        } else {
            message(FacesMessage.SEVERITY_WARN, "No such failure", "It may have been removed meanwhile.");
        }
    }

    /** The failure the replay dialog asks about. */
    public void choose(String id) {
        chosen = failures.find(id).orElse(null);
    }

    public void replay() {
        DeliveryFailure failure = chosen;
        chosen = null;
        if (failure == null) {
            return;
        }
        log.info(() -> "console: " + operator.getName() + " replays delivery failure " + failure.id());
        Replays.Outcome outcome = replays.replay(failure.id());
        message(outcome.done() ? FacesMessage.SEVERITY_INFO : FacesMessage.SEVERITY_WARN,
                outcome.done() ? "Replay of " + failure.clientId() + " set up" : "Not replayed", outcome.message());
    }

    private static void message(FacesMessage.Severity severity, String summary, String detail) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, summary, detail));
    }

    private Instant instant(LocalDateTime time) {
        return time == null ? null : time.atZone(format.zone()).toInstant();
    }

    public LazyDataModel<DeliveryFailure> getRows() {
        return rows;
    }

    public DeliveryFailure getChosen() {
        return chosen;
    }

    public FailureFilter.State[] getStates() {
        return FailureFilter.State.values();
    }

    public String getClient() {
        return client;
    }

    public void setClient(String client) {
        this.client = client;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public LocalDateTime getFrom() {
        return from;
    }

    public void setFrom(LocalDateTime from) {
        this.from = from;
    }

    public LocalDateTime getTo() {
        return to;
    }

    public void setTo(LocalDateTime to) {
        this.to = to;
    }

    public FailureFilter.State getState() {
        return state;
    }

    public void setState(FailureFilter.State state) {
        this.state = state;
    }
}
