package io.surewire.delivery.boundary;

import io.surewire.delivery.control.EventSource;
import io.surewire.delivery.entity.RelayPosition;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicHead;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Topic;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Sends a batch of committed events of some topics to the JMS topic {@code SurewireEvents} and moves
 * each topic's {@link RelayPosition} past them, in one transaction: the messages and the positions
 * commit together. The positions' row locks, taken in name order, make one relay at a time send a
 * topic, on any node.
 */
@ApplicationScoped
public class RelayBatch {

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Inject
    EventLog log;

    @Inject
    DeliveryTracker tracker;

    @Inject
    @JMSConnectionFactory("java:/JmsXA")
    JMSContext jms;

    @Resource(lookup = "java:/jms/topic/SurewireEvents")
    Topic events;

    /**
     * Sends the events of the topics past their positions, at most {@code max} in all, in one
     * transaction; returns the topics that may have more (those not reached included).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<String> send(Collection<String> topics, int max) {
        List<String> more = new ArrayList<>();
        int room = max;
        Map<String, TopicHead> heads = log.heads(topics);
        EventSource source = tracker.events();
        JMSProducer producer = jms.createProducer();
        for (String topic : new TreeSet<>(topics)) {
            if (room == 0) {
                more.add(topic);
                continue;
            }
            int sent = send(topic, heads.get(topic), source, producer, room);
            if (sent == room) {
                more.add(topic);
            }
            room -= sent;
        }
        return more;
    }

    /**
     * Sends the events of {@code topic} up to {@code head} (read before its position was locked: no
     * later), as delivery reads them: the recent ones from memory with the frames their first sends were
     * encoded in, the rest from the log.
     */
    private int send(String topic, TopicHead head, EventSource source, JMSProducer producer, int max) {
        if (head == null) {
            return 0;
        }
        RelayPosition position = em.find(RelayPosition.class, topic, LockModeType.PESSIMISTIC_WRITE);
        if (position == null) {
            position = new RelayPosition(topic, head.epoch());
            em.persist(position);
            em.flush();
        } else if (position.epoch() > head.epoch()) {
            // another relay went on into a newer life of the topic after this head was read
            return 0;
        } else if (position.epoch() != head.epoch()) {
            position.restart(head.epoch());
        }
        if (position.seq() >= head.lastSeq()) {
            return 0;
        }
        // every seq up to the head is committed (seqs commit in order): the batch has no hole
        List<StreamEvent> batch = source.read(topic, head.epoch(), position.seq(), head.lastSeq(), max);
        for (StreamEvent event : batch) {
            producer.setProperty("topic", event.topic())
                    .setProperty("seq", event.seq())
                    .setProperty("epoch", event.epoch())
                    .send(events, source.firstSend(event));
            position.sent(event.epoch(), event.seq());
        }
        if (batch.isEmpty()) {
            // retention removed what was not sent yet: nothing left to send below the head
            position.sent(head.epoch(), head.lastSeq());
        }
        return batch.size();
    }

    /** The topics with committed events the relay has not sent, at most {@code max} of them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<String> behind(int max) {
        return em.createNativeQuery("SELECT t.name FROM sw_topic t LEFT JOIN sw_relay_position p ON p.topic = t.name"
                        + " WHERE (p.topic IS NULL AND t.last_seq > 0) OR p.epoch <> t.epoch OR p.seq < t.last_seq")
                .setMaxResults(max)
                .getResultList();
    }
}
