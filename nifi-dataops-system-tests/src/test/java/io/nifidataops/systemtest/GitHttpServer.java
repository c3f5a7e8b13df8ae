package io.nifidataops.systemtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Git's smart HTTP protocol for the repositories under one directory, served the way a hospital's Git server does it:
 * Debian's {@code git-http-backend} run as a CGI program behind an HTTP server (here the JDK's) that requires Basic
 * authentication with an access token. The backend enables pushes (receive-pack) because the server sets REMOTE_USER for
 * authenticated requests. Requests without valid credentials get 401 with a Basic challenge, as JGit expects.
 */
final class GitHttpServer implements AutoCloseable {

    /** One request as the server saw it: method, path and query, whether it carried the right token, the answer's status. */
    record Request(String method, String pathAndQuery, boolean authenticated, int status) {
    }

    private static final Path BACKEND = Path.of(gitExecPath(), "git-http-backend");

    private final HttpServer server;
    private final Path projectRoot;
    private final String token;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    GitHttpServer(final Path projectRoot, final String token) throws IOException {
        if (!Files.isExecutable(BACKEND)) {
            throw new IllegalStateException("No git-http-backend at " + BACKEND + ": install Debian's git (apt-get install git)");
        }
        this.projectRoot = projectRoot;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/git/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The URL of a repository directory under the project root, e.g. {@code http://127.0.0.1:port/git/flows.git}. */
    URI repositoryUrl(final String repository) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/git/" + repository);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final String pathAndQuery = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        final boolean authenticated = hasToken(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!authenticated) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"hospital git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            requests.add(new Request(exchange.getRequestMethod(), pathAndQuery, false, 401));
            return;
        }
        try {
            final int status = runBackend(exchange);
            requests.add(new Request(exchange.getRequestMethod(), pathAndQuery, true, status));
        } finally {
            exchange.close();
        }
    }

    private boolean hasToken(final String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return false;
        }
        final String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).trim()),
                StandardCharsets.UTF_8);
        final int colon = decoded.indexOf(':');
        return colon >= 0 && decoded.substring(colon + 1).equals(token);
    }

    /** Runs git-http-backend with the CGI/1.1 environment, streams the body in and the answer out; returns the status. */
    private int runBackend(final HttpExchange exchange) throws IOException {
        final ProcessBuilder builder = new ProcessBuilder(BACKEND.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        final Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_PROTOCOL", "HTTP/1.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath().substring("/git".length()));
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", "nifi");
        env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
        putHeader(env, "CONTENT_TYPE", exchange.getRequestHeaders().getFirst("Content-Type"));
        putHeader(env, "CONTENT_LENGTH", exchange.getRequestHeaders().getFirst("Content-Length"));
        putHeader(env, "HTTP_CONTENT_ENCODING", exchange.getRequestHeaders().getFirst("Content-Encoding"));
        putHeader(env, "GIT_PROTOCOL", exchange.getRequestHeaders().getFirst("Git-Protocol"));
        final Process backend = builder.start();

        final Thread requestBody = Thread.ofVirtual().start(() -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = backend.getOutputStream()) {
                in.transferTo(out);
            } catch (final IOException e) {
                // the backend stopped reading: its answer says why
            }
        });
        try (InputStream out = backend.getInputStream()) {
            int status = 200;
            for (String line = readHeaderLine(out); !line.isEmpty(); line = readHeaderLine(out)) {
                final int colon = line.indexOf(':');
                final String name = line.substring(0, colon).trim();
                final String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                out.transferTo(body);
            }
            return status;
        } finally {
            try {
                requestBody.join(TimeUnit.SECONDS.toMillis(30));
                backend.waitFor(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            backend.destroy();
        }
    }

    private static void putHeader(final Map<String, String> env, final String name, final String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    private static String readHeaderLine(final InputStream in) throws IOException {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String gitExecPath() {
        try {
            final Process git = new ProcessBuilder("git", "--exec-path").redirectErrorStream(true).start();
            final String path = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            git.waitFor(10, TimeUnit.SECONDS);
            return path;
        } catch (final IOException e) {
            throw new UncheckedIOException("git is not installed (apt-get install git)", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
