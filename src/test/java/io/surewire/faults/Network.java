package io.surewire.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace for clients, joined to this host by a veth pair (host {@code 10.201.0.1},
 * namespace {@code 10.201.0.2}), with packet loss and blackouts made by nftables inside the namespace.
 * Needs root, {@code ip} (iproute2) and {@code nft} (nftables); installs the two with apt-get when
 * missing. Traffic stays on the veth link and on loopback.
 *
 * <p>The kernel of these machines has no {@code netem} queueing discipline, so delay is not made here
 * but by a {@link DelayRelay} on the host side of the link.
 */
public final class Network implements AutoCloseable {

    public static final String NAMESPACE = "sw-faults";
    public static final String HOST_ADDRESS = "10.201.0.1";
    public static final String CLIENT_ADDRESS = "10.201.0.2";
    private static final String HOST_LINK = "sw-veth0";
    private static final String CLIENT_LINK = "sw-veth1";
    private static final Logger LOG = Logger.getLogger(Network.class.getName());
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

    private long dropped;

    private Network() {
    }

    /** Creates the namespace and its link (removing leftovers of an earlier run first). */
    public static Network create() {
        requireTools();
        removeQuietly();
        run("ip", "netns", "add", NAMESPACE);
        run("ip", "link", "add", HOST_LINK, "type", "veth", "peer", "name", CLIENT_LINK);
        run("ip", "link", "set", CLIENT_LINK, "netns", NAMESPACE);
        run("ip", "addr", "add", HOST_ADDRESS + "/30", "dev", HOST_LINK);
        run("ip", "link", "set", HOST_LINK, "up");
        inNamespace("ip", "addr", "add", CLIENT_ADDRESS + "/30", "dev", CLIENT_LINK);
        inNamespace("ip", "link", "set", CLIENT_LINK, "up");
        inNamespace("ip", "link", "set", "lo", "up");
        inNamespace("nft", "add", "table", "inet", "faults");
        inNamespace("nft", "add", "chain", "inet", "faults", "out", "{ type filter hook output priority 0; }");
        inNamespace("nft", "add", "chain", "inet", "faults", "in", "{ type filter hook input priority 0; }");
        return new Network();
    }

    /** Drops {@code percent} % of the packets leaving and entering the namespace, at random. */
    public void loss(int percent) {
        flush();
        if (percent > 0) {
            for (String chain : List.of("out", "in")) {
                inNamespace("nft", "add", "rule", "inet", "faults", chain, "ip", "saddr", "!=", "127.0.0.1",
                        "numgen", "random", "mod", "100", "<", String.valueOf(percent), "counter", "drop");
            }
        }
    }

    /** Drops every packet on the link: a blackout, until {@link #loss} sets the rules again. */
    public void blackout() {
        flush();
        for (String chain : List.of("out", "in")) {
            inNamespace("nft", "add", "rule", "inet", "faults", chain, "ip", "saddr", "!=", "127.0.0.1", "counter",
                    "drop");
        }
    }

    public void heal() {
        flush();
    }

    /** The packets the rules dropped so far, each way: proof that the loss and the blackouts happened. */
    public synchronized long packetsDropped() {
        return dropped + counted();
    }

    private synchronized void flush() {
        dropped += counted();
        inNamespace("nft", "flush", "chain", "inet", "faults", "out");
        inNamespace("nft", "flush", "chain", "inet", "faults", "in");
    }

    /** The packets dropped by the rules in place now. */
    private static long counted() {
        long packets = 0;
        for (String chain : List.of("out", "in")) {
            Matcher counter = COUNTER.matcher(run(inside(List.of("nft", "list", "chain", "inet", "faults", chain))
                    .toArray(String[]::new)));
            while (counter.find()) {
                packets += Long.parseLong(counter.group(1));
            }
        }
        return packets;
    }

    /** A command that runs a program inside the namespace. */
    public static List<String> inside(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", NAMESPACE));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public void close() {
        removeQuietly();
    }

    private static void removeQuietly() {
        runQuietly("ip", "netns", "del", NAMESPACE);
        runQuietly("ip", "link", "del", HOST_LINK);
    }

    private static void inNamespace(String... command) {
        run(inside(List.of(command)).toArray(String[]::new));
    }

    /** Installs iproute2 and nftables from Debian's packages when they are not there. */
    private static synchronized void requireTools() {
        if (Files.isExecutable(Path.of("/usr/sbin/ip")) && Files.isExecutable(Path.of("/usr/sbin/nft"))) {
            return;
        }
        LOG.info("installing iproute2 and nftables for the network fault tests");
        run("apt-get", "update");
        run("apt-get", "install", "-y", "--no-install-recommends", "iproute2", "nftables");
    }

    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void runQuietly(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(1, TimeUnit.MINUTES);
        } catch (IOException e) {
            // nothing to remove
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
