package io.surewire.security.control;

import java.util.List;

/**
 * What a verified token lets its holder do: {@code subject} is its {@code sub}, {@code topics} the
 * filters it may subscribe to and long-poll, {@code publish} the filters it may publish to.
 */
public record Grant(String subject, String role, List<TopicFilter> topics, List<TopicFilter> publish) {

    public static final String OPERATOR = "operator";

    /** The roles a token may carry: the connection roles of PROTOCOL §1 and {@code operator}. */
    public static final List<String> ROLES = List.of("frontend", "admin", "test", OPERATOR);

    private static final List<TopicFilter> ALL = List.of(new TopicFilter("#"));

    public Grant {
        topics = List.copyOf(topics);
        publish = List.copyOf(publish);
    }

    /** Everything, for everyone: what a caller may do when security is off. */
    public static Grant unrestricted(String subject, String role) {
        return new Grant(subject, role, ALL, ALL);
    }

    public boolean mayRead(String topic) {
        return TopicFilter.anyMatches(topics, topic);
    }

    public boolean mayPublish(String topic) {
        return TopicFilter.anyMatches(publish, topic);
    }

    public boolean isOperator() {
        return OPERATOR.equals(role);
    }
}
