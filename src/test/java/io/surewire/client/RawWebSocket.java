package io.surewire.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that writes frames byte by byte, for what a well-behaved client library
 * cannot send: text frames that are not UTF-8, fragments, odd opcodes. It reads until the server's
 * close frame and reports its code.
 */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens {@code ws://host:port/path?query} and completes the upgrade. */
    public static RawWebSocket connect(URI uri) throws IOException {
        return connect(uri, Map.of(), null);
    }

    /**
     * Opens {@code ws://host:port/path?query} from the local address {@code from} (any when
     * {@code null}) with extra request {@code headers}, and completes the upgrade; an
     * {@link IOException} "no upgrade: &lt;status line&gt;" when the server answers otherwise.
     */
    public static RawWebSocket connect(URI uri, Map<String, String> headers, InetAddress from) throws IOException {
        Socket socket = new Socket(InetAddress.getByName(uri.getHost()), uri.getPort(), from, 0);
        socket.setSoTimeout(30_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder extra = new StringBuilder();
        headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + extra
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String status = readHeaders(socket.getInputStream());
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("no upgrade: " + status);
        }
        return new RawWebSocket(socket);
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed during the upgrade");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Writes one masked frame: {@code opcode} 1 text, 2 binary, 0 continuation, 9 ping. */
    public void frame(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    public void text(byte[] payload) throws IOException {
        frame(1, true, payload);
    }

    /** Reads frames until the next text frame and returns it; an {@link IOException} when a close comes first. */
    public String nextText() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == 8) {
                throw new IOException("closed with " + frame.closeCode());
            }
            if (frame.opcode() == 1) {
                return frame.text();
            }
        }
    }

    /**
     * Reads frames until the server's close frame and returns its code; 1006 when the connection ends
     * without one. Text frames read on the way are handed to {@code onText}.
     */
    public int awaitClose(java.util.function.Consumer<String> onText) throws IOException {
        try {
            while (true) {
                Frame frame = read();
                if (frame.opcode() == 8) {
                    return frame.closeCode();
                }
                if (frame.opcode() == 1) {
                    onText.accept(frame.text());
                }
            }
        } catch (java.io.EOFException | java.net.SocketException ended) {
            return 1006;
        }
    }

    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    /** One frame of the server's (never masked). */
    private Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
