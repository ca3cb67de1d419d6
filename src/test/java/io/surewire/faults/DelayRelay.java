package io.surewire.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay that delays every chunk of data, in each direction, by {@code delay ± jitter}
 * milliseconds while keeping the order of the stream: the latency of a slow network path. It listens
 * on the host side of the fault link and forwards to the server on loopback.
 */
public final class DelayRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final long delayMillis;
    private final long jitterMillis;
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean open = true;

    public DelayRelay(InetSocketAddress listen, InetSocketAddress target, long delayMillis, long jitterMillis)
            throws IOException {
        this.listener = new ServerSocket();
        this.listener.bind(listen);
        this.target = target;
        this.delayMillis = delayMillis;
        this.jitterMillis = jitterMillis;
        daemon("delay-relay-accept", this::accept).start();
    }

    public long connections() {
        return connections.get();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                connections.incrementAndGet();
                relay(client, server);
                relay(server, client);
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    /** One direction: read as it comes, write each chunk once its delay is over, in order. */
    private void relay(Socket from, Socket to) throws IOException {
        DelayQueue<Chunk> due = new DelayQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        daemon("delay-relay-read", () -> {
            byte[] buffer = new byte[16 * 1024];
            long last = 0;
            try {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    long jitter = jitterMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitterMillis, jitterMillis + 1);
                    // strictly increasing, so that the queue gives the chunks back in the order they came
                    last = Math.max(last + 1, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis + jitter));
                    due.add(new Chunk(Arrays.copyOf(buffer, read), last));
                }
            } catch (IOException closed) {
                // the other side went away
            }
            due.add(new Chunk(null, last));
        }).start();
        daemon("delay-relay-write", () -> {
            try {
                while (true) {
                    Chunk chunk = due.take();
                    if (chunk.bytes == null) {
                        break;
                    }
                    out.write(chunk.bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side went away
            }
            closeQuietly(from);
            closeQuietly(to);
        }).start();
    }

    private record Chunk(byte[] bytes, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Chunk) other).dueNanos);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        listener.close();
    }
}
