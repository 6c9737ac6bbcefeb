package cn.tongban.hub.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network between a sending hub and a receiving hub's TLS port, breakable on demand: a TCP relay on the
 * port the directory lists for the receiver, passing the TLS bytes through untouched (so the sender still sees
 * the receiver's own certificate), with a switchable {@link Mode}.
 *
 * <p>The relay reads whole TLS records (5-byte header, then the body) so that it can break a connection at the
 * points that matter without decrypting anything. A <em>message record</em> is an application-data record of
 * {@link #MESSAGE_RECORD} bytes or more that follows a smaller application-data record in the same direction,
 * after the handshake: client to server it carries a TEP message (the HTTP/2 DATA frame after its HEADERS),
 * server to client a receipt. Requiring a smaller record before skips what comes first and may be as large: the
 * client's TLS 1.3 certificate flight and the server's session ticket (1.4 KB with the JDK), which precede the
 * HTTP/2 settings. A switch of mode applies to new connections and to the open ones as well (the sender keeps one
 * HTTP/2 connection open, so a fault on new connections only would never touch it). {@code -Dfaultylink.trace=true}
 * prints every record that crosses (direction, type, length, mode).
 */
public final class FaultyLink implements AutoCloseable {

    /** What the link does. */
    public enum Mode {
        /** Relays everything. */
        PASS,
        /** Not listening: connects are refused; open connections are reset (the receiver went down). */
        REFUSE,
        /** The next request that crosses is cut in half and both sides reset (RST, SO_LINGER 0). */
        RESET,
        /** Accepts and reads, never answers, never closes: a wedged peer. Hung connections stay hung. */
        HANG,
        /** Requests reach the receiver, which processes them; its receipt is swallowed and the sender reset. */
        DROP_RESPONSE
    }

    /** Records at least this long after the handshake carry a TEP message or a receipt (both are signed JSON of a few KB). */
    static final int MESSAGE_RECORD = 1024;
    private static final int TLS_APPLICATION_DATA = 23;

    private final int port;
    private final int upstreamPort;
    private final boolean trace;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;
    private ServerSocket listener; // guarded by this

    public FaultyLink(int port, int upstreamPort) {
        this(port, upstreamPort, Boolean.getBoolean("faultylink.trace"));
    }

    FaultyLink(int port, int upstreamPort, boolean trace) {
        this.port = port;
        this.upstreamPort = upstreamPort;
        this.trace = trace;
    }

    public synchronized FaultyLink start() throws IOException {
        listen();
        return this;
    }

    public Mode mode() {
        return mode;
    }

    /** Switches the mode; it takes effect at once, on open connections too. */
    public synchronized void mode(Mode m) throws IOException {
        mode = m;
        note("mode " + m);
        if (m == Mode.REFUSE) {
            closeListener();
            connections.forEach(c -> c.reset("refused"));
        } else if (listener == null && !closed) {
            listen();
        }
        if (m == Mode.HANG) {
            connections.forEach(Connection::hang);
        }
    }

    /** What the link did so far: connections accepted, reset, hung, receipts dropped, ... */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** How many times the link did {@code what} (a key of {@link #counts()}). */
    public int count(String what) {
        AtomicInteger n = counts.get(what);
        return n == null ? 0 : n.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeListener();
        connections.forEach(Connection::closeQuietly);
        connections.clear();
    }

    private void note(String what) {
        counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    private void listen() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true); // the same port again right after REFUSE closed it
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        listener = s;
        daemon("faulty-link-accept-" + port, () -> accept(s));
    }

    private void closeListener() {
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // closed by REFUSE or close()
            }
            note("accepted");
            Connection c = new Connection(client);
            connections.add(c);
            if (closed) {
                c.closeQuietly();
                return;
            }
            if (mode == Mode.HANG) {
                c.hang(); // never even connects upstream: reads and forgets whatever comes
                daemon("faulty-link-hung", () -> c.pump(true));
                continue;
            }
            try {
                c.server = new Socket();
                c.server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5000);
                c.server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                note("upstream unreachable");
                c.reset("upstream unreachable");
                continue;
            }
            daemon("faulty-link-c2s", () -> c.pump(true));
            daemon("faulty-link-s2c", () -> c.pump(false));
        }
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    /** Closes with SO_LINGER 0, so that the peer gets an RST rather than a FIN. */
    private static void rst(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(s);
    }

    /** One relayed connection: the sender's socket and the one to the receiver. */
    private final class Connection {
        final Socket client;
        volatile Socket server;
        volatile boolean hung;
        volatile boolean done;
        /** Application-data records the client sent: once there is one, the server's handshake is over. */
        final AtomicInteger clientAppRecords = new AtomicInteger();
        /** Whether a small application-data record went that way (client to server, server to client) after the handshake. */
        volatile boolean clientSentSmall;
        volatile boolean serverSentSmall;
        final int id = counts.computeIfAbsent("connection ids", k -> new AtomicInteger()).incrementAndGet();

        Connection(Socket client) {
            this.client = client;
        }

        void hang() {
            if (!hung) {
                hung = true;
                note("hung connections");
            }
        }

        void reset(String why) {
            if (!done) {
                done = true;
                note("reset (" + why + ")");
                rst(client);
                rst(server);
                connections.remove(this);
            }
        }

        void closeQuietly() {
            done = true;
            FaultyLink.closeQuietly(client);
            FaultyLink.closeQuietly(server);
        }

        /** Relays one direction record by record, applying the mode to each record. */
        void pump(boolean fromClient) {
            Socket src = fromClient ? client : server;
            byte[] header = new byte[5];
            try {
                InputStream in = src.getInputStream();
                while (true) {
                    if (!readFully(in, header, header.length)) {
                        break;
                    }
                    int type = header[0] & 0xff;
                    int len = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                    if (type < 20 || type > 24 || header[1] != 3) {
                        relayRaw(fromClient, header, in); // not TLS: relay as it comes
                        break;
                    }
                    byte[] body = new byte[len];
                    if (!readFully(in, body, len)) {
                        break;
                    }
                    if (!onRecord(fromClient, type, header, body)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // reset or closed: handled below
            }
            if (hung) {
                return; // a wedged peer never closes
            }
            if (!done) {
                done = true;
                FaultyLink.closeQuietly(client);
                FaultyLink.closeQuietly(server);
                connections.remove(this);
            }
        }

        /** Applies the mode to one record; false when this direction is finished. */
        private boolean onRecord(boolean fromClient, int type, byte[] header, byte[] body) throws IOException {
            boolean app = type == TLS_APPLICATION_DATA;
            int n = fromClient && app ? clientAppRecords.incrementAndGet() : clientAppRecords.get();
            boolean afterHandshake = app && n > 0;
            boolean big = body.length >= MESSAGE_RECORD;
            boolean message = afterHandshake && big && (fromClient ? clientSentSmall : serverSentSmall);
            if (afterHandshake && !big) {
                if (fromClient) {
                    clientSentSmall = true;
                } else {
                    serverSentSmall = true;
                }
            }
            if (trace) {
                System.out.printf("link #%d %s type=%d len=%d appRecords=%d mode=%s%n", id, fromClient ? "c>s" : "s>c",
                        type, body.length, n, mode);
            }
            if (hung) {
                return true; // read and forget
            }
            Mode m = mode;
            if (m == Mode.HANG) {
                hang();
                return true;
            }
            if (fromClient && m == Mode.RESET && message) {
                // half the request reaches the receiver, which must not take it for a message
                Socket s = server;
                OutputStream out = s.getOutputStream();
                out.write(header);
                out.write(body, 0, body.length / 2);
                out.flush();
                note("requests cut");
                reset("mid-request");
                return false;
            }
            if (!fromClient && m == Mode.DROP_RESPONSE && message) {
                // the receiver has processed the message and answered; the sender never sees the receipt
                note("receipts dropped");
                rst(client);
                connections.remove(this);
                done = true;
                FaultyLink.closeQuietly(server);
                return false;
            }
            OutputStream out = (fromClient ? server : client).getOutputStream();
            byte[] record = new byte[header.length + body.length];
            System.arraycopy(header, 0, record, 0, header.length);
            System.arraycopy(body, 0, record, header.length, body.length);
            out.write(record);
            out.flush();
            return true;
        }

        private void relayRaw(boolean fromClient, byte[] first, InputStream in) throws IOException {
            OutputStream out = (fromClient ? server : client).getOutputStream();
            out.write(first);
            in.transferTo(out);
        }
    }

    private static boolean readFully(InputStream in, byte[] b, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int r = in.read(b, off, len - off);
            if (r < 0) {
                return false;
            }
            off += r;
        }
        return true;
    }
}
