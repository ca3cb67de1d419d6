package io.surewire.security.control;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many WebSocket handshakes each source address may start: a token bucket per address,
 * {@code perSecond} sustained with bursts of {@code burst}. The buckets of addresses that have been
 * quiet long enough to be full again are dropped, so that a flood from many addresses holds at most
 * {@code maxAddresses} of them; beyond that, handshakes of new addresses are refused until the
 * buckets empty.
 */
public final class HandshakeRate {

    private final double perSecond;
    private final int burst;
    private final int maxAddresses;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** {@code perSecond} 0 turns the limit off. */
    public HandshakeRate(double perSecond, int burst, int maxAddresses) {
        if (perSecond < 0 || burst < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("per-second >= 0, burst >= 1 and max addresses >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxAddresses = maxAddresses;
    }

    /** Whether a handshake from {@code address} at {@code nowMillis} may go on; counts it when it may. */
    public boolean admit(String address, long nowMillis) {
        if (perSecond == 0) {
            return true;
        }
        sweep(nowMillis);
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            if (buckets.size() >= maxAddresses) {
                return false;
            }
            bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, nowMillis));
        }
        return bucket.take(nowMillis, perSecond, burst);
    }

    /** How many addresses have a bucket now. */
    public int addresses() {
        return buckets.size();
    }

    /** At most once a second: drops the buckets that have refilled, as a new one would start full. */
    private void sweep(long nowMillis) {
        if (nowMillis - lastSweep < 1000) {
            return;
        }
        lastSweep = nowMillis;
        long refillMillis = (long) Math.ceil(burst * 1000 / perSecond);
        buckets.values().removeIf(b -> b.idleSince(nowMillis) >= refillMillis);
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.last = now;
        }

        synchronized boolean take(long now, double perSecond, int burst) {
            tokens = Math.min(burst, tokens + Math.max(0, now - last) * perSecond / 1000);
            last = Math.max(last, now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized long idleSince(long now) {
            return now - last;
        }
    }
}
