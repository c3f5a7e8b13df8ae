package io.nifidataops.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;

/** Terminates TLS on 127.0.0.1 and forwards the plain bytes to a local server: HTTPS in front of S3Mock's HTTP port. */
public final class TlsFront implements AutoCloseable {

    private final SSLServerSocket server;
    private final int upstreamPort;

    public TlsFront(final SSLContext serverContext, final int upstreamPort) throws IOException {
        this.server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        Thread.ofVirtual().start(this::accept);
    }

    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                final Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (final IOException e) {
                // closed, or a client that failed the handshake: keep serving the others
            }
        }
    }

    private static void pump(final Socket from, final Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (final IOException e) {
            // one side went away
        } finally {
            try {
                from.close();
                to.close();
            } catch (final IOException ignored) {
                // nothing left to release
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
