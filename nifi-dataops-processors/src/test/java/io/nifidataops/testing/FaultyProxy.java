package io.nifidataops.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that can break uploads the way networks do: while
 * a fault is injected, any connection that sends more than a byte budget is cut (the server "dies"
 * mid-upload) or stalls (the server stops answering, so the client times out). Small requests (HEAD,
 * DELETE, abort) stay under the budget and pass, so a client can still clean up after the fault.
 * {@link Fault#REFUSE} takes the server away altogether (an outage): open connections are reset and new
 * ones are reset as soon as they are accepted, until {@link #heal()}.
 */
public final class FaultyProxy implements AutoCloseable {

    public enum Fault { NONE, CUT, STALL, REFUSE }

    private final ServerSocket server;
    private final int upstreamPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger faultsInjected = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile long budget;

    public FaultyProxy(final int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread acceptor = new Thread(this::accept, "faulty-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on, connections that send more than {@code bytes} bytes suffer {@code newFault}. */
    public void inject(final Fault newFault, final long bytes) {
        budget = bytes;
        fault = newFault;
        if (newFault == Fault.REFUSE) {
            sockets.forEach(FaultyProxy::reset);
        }
    }

    public void heal() {
        fault = Fault.NONE;
    }

    /** How many connections the fault has hit. */
    public int faultsInjected() {
        return faultsInjected.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (final Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                if (fault == Fault.REFUSE) {
                    faultsInjected.incrementAndGet();
                    reset(client);
                    continue;
                }
                final Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                } catch (final IOException upstreamDown) {
                    reset(client);
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                start(() -> pump(client, upstream, true));
                start(() -> pump(upstream, client, false));
            } catch (final IOException e) {
                return;
            }
        }
    }

    /** Copies one direction of a connection; only requests ({@code faulty}) are subject to the injected fault. */
    private void pump(final Socket from, final Socket to, final boolean faulty) {
        final byte[] buffer = new byte[8192];
        long sent = 0;
        boolean stalled = false;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sent += read;
                final Fault current = faulty ? fault : Fault.NONE;
                if (!stalled && current != Fault.NONE && sent > budget) {
                    faultsInjected.incrementAndGet();
                    if (current == Fault.CUT) {
                        from.setSoLinger(true, 0);
                        break;
                    }
                    stalled = true;
                }
                if (!stalled) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (final IOException e) {
            // the other side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(final Socket socket) {
        try {
            socket.close();
        } catch (final IOException e) {
            // already closed
        }
        sockets.remove(socket);
    }

    /** Closes with an RST, as a host whose server went away answers. */
    private static void reset(final Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (final IOException e) {
            // already closed
        }
    }

    private static void start(final Runnable task) {
        final Thread thread = new Thread(task, "faulty-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }
}
