package io.surewire.console.boundary;

import io.surewire.console.control.TopicRow;
import io.surewire.delivery.boundary.DeliveryTracker;
import io.surewire.platform.SurewireConfig;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.boundary.Topics;
import io.surewire.stream.entity.TopicState;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The topics page: every topic of the log, a page at a time, by name. Only the rows shown are read:
 * their state, their subscribers here, and how many events each got in the last minute.
 */
@Named
@ViewScoped
public class TopicsBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The events per second of a topic are those of this last stretch. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    @Inject
    Topics topics;

    @Inject
    EventLog log;

    @Inject
    DeliveryTracker tracker;

    @Inject
    SurewireConfig config;

    private String prefix;
    private LazyDataModel<TopicRow> rows;

    @PostConstruct
    void init() {
        rows = new LazyDataModel<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public int count(Map<String, FilterMeta> filterBy) {
                return (int) Math.min(Integer.MAX_VALUE, topics.count(prefix));
            }

            @Override
            public List<TopicRow> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                       Map<String, FilterMeta> filterBy) {
                Instant since = Instant.now().minus(RATE_WINDOW);
                return topics.names(prefix, first, pageSize).stream().map(name -> row(name, since)).toList();
            }

            @Override
            public String getRowKey(TopicRow row) {
                return row.name();
            }
        };
    }

    private TopicRow row(String name, Instant since) {
        TopicState state = log.state(name);
        long recent = log.appendedSince(name, state.lastSeq(), since);
        return new TopicRow(name, state.epoch(), state.lastSeq(), state.firstAvailableSeq(),
                tracker.subscriberCount(name), recent / (double) RATE_WINDOW.toSeconds());
    }

    public LazyDataModel<TopicRow> getRows() {
        return rows;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix == null ? null : prefix.strip();
    }

    /** The retention policy, the same for every topic: the events kept at most... */
    public long getRetentionEvents() {
        return config.retentionMaxEvents();
    }

    /** ... and their greatest age. */
    public Duration getRetentionAge() {
        return config.retentionMaxAge();
    }
}
