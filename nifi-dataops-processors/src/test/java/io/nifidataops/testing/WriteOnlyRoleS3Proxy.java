package io.nifidataops.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 in front of an S3-compatible server that ENFORCES A WRITE-ONLY IAM ROLE, as a PHI landing role
 * with only s3:PutObject and s3:AbortMultipartUpload is granted: every GET (GetObject and the List calls) and HEAD
 * (HeadObject, HeadBucket) is answered 403 AccessDenied, as S3 answers a caller without s3:GetObject or s3:ListBucket;
 * PUT, POST and DELETE of an upload (PutObject, the multipart calls, AbortMultipartUpload) pass through unchanged. DeleteObject
 * is refused too, since the role has no s3:DeleteObject.
 *
 * <p>It can also fail the repeated writes of a key (500 InternalError): the second FlowFile that writes the same content fails
 * after the first one reported the object written, the case where deleting on failure loses data.
 */
public final class WriteOnlyRoleS3Proxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade", "keep-alive",
            "transfer-encoding", "te", "trailer", "proxy-authorization", "proxy-authenticate");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicInteger> putsPerKey = new ConcurrentHashMap<>();
    private final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger failedPuts = new AtomicInteger();
    private volatile String failRepeatedPutsContaining;
    private volatile int failedRepeats;
    private volatile long putDelayMillis;

    public WriteOnlyRoleS3Proxy(final URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Writes of a key containing {@code text} after its first one fail with 500, {@code times} in a row (more than the SDK's own
     * attempts, so the caller sees the failure); later writes pass again.
     */
    public void failRepeatedPutsOfKeysContaining(final String text, final int times) {
        failedRepeats = times;
        failRepeatedPutsContaining = text;
    }

    /** Holds every PutObject this long, so concurrent writers of the same keys overlap. */
    public void delayPuts(final long millis) {
        putDelayMillis = millis;
    }

    /** The read, list and delete calls answered 403, as "METHOD /path". */
    public List<String> refusedCalls() {
        return List.copyOf(refused);
    }

    /** Refused calls other than HeadBucket (which a writer may use to see whether S3 is up at all: any answer tells). */
    public List<String> refusedDataCalls() {
        return refused.stream().filter(call -> !call.matches("HEAD /[^/]+/?")).toList();
    }

    public int failedPuts() {
        return failedPuts.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            final String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            final String path = exchange.getRequestURI().getPath();
            final String query = exchange.getRequestURI().getRawQuery();
            final boolean uploadCall = query != null && (query.contains("uploadId=") || query.contains("uploads"));
            if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE") && !uploadCall) {
                refused.add(method + " " + path);
                answer(exchange, method, 403, "AccessDenied", "Access Denied");
                return;
            }
            final byte[] content = body.readAllBytes();
            if (startsAnObject(method, query) && failsAsRepeated(path)) {
                failedPuts.incrementAndGet();
                answer(exchange, method, 500, "InternalError", "We encountered an internal error. Please try again.");
                return;
            }
            if (startsAnObject(method, query) && putDelayMillis > 0) {
                Thread.sleep(putDelayMillis);
            }
            forward(exchange, method, content);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // PutObject (a PUT that is not UploadPart), or CreateMultipartUpload (POST ?uploads): the start of writing an object
    private static boolean startsAnObject(final String method, final String query) {
        if (method.equals("PUT")) {
            return query == null || !query.contains("uploadId=");
        }
        return method.equals("POST") && query != null && query.startsWith("uploads");
    }

    private boolean failsAsRepeated(final String key) {
        final String pattern = failRepeatedPutsContaining;
        if (pattern == null || !key.contains(pattern)) {
            return false;
        }
        final int write = putsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return write >= 2 && write < 2 + failedRepeats;
    }

    private void forward(final HttpExchange exchange, final String method, final byte[] content) throws IOException, InterruptedException {
        final URI target = URI.create(upstream.toString().replaceAll("/$", "") + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        final HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .method(method, content.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(content));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        final HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        final byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private static void answer(final HttpExchange exchange, final String method, final int status, final String code, final String message)
            throws IOException {
        final byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1); // HEAD answers carry no body
            return;
        }
        exchange.sendResponseHeaders(status, xml.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(xml);
        }
    }
}
