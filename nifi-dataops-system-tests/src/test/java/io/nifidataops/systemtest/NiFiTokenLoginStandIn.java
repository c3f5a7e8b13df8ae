package io.nifidataops.systemtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a NiFi 2.3.0 whose login provider is the single-user provider of the official Docker image: that provider's
 * NAR (nifi-single-user-iaa-providers-nar) is not served by the Maven mirror this project builds from, so no real NiFi here
 * can issue tokens. It follows NiFi's own code for the contract (rel/nifi-2.3.0, nifi-web-api):
 * <ul>
 * <li>{@code POST /nifi-api/access/token} consumes {@code application/x-www-form-urlencoded} (AccessResource lines 90-93;
 * JAX-RS answers 415 to other types), form fields {@code username} and {@code password} (lines 110-111);</li>
 * <li>a blank field or wrong credentials answer 400 (lines 126-127 and 140-141, IllegalArgumentException -> 400 through
 * IllegalArgumentExceptionMapper line 39);</li>
 * <li>success answers 201 with the JWT as text/plain (lines 92 and 146-149);</li>
 * <li>other calls need {@code Authorization: Bearer <token>} (StandardBearerTokenResolver: header first, then cookie) and
 * answer 401 without a valid one (InvalidAuthenticationExceptionMapper line 41).</li>
 * </ul>
 * It serves only what the client tests call: {@code GET flow/about} and {@code GET flow/process-groups/root}.
 */
final class NiFiTokenLoginStandIn implements AutoCloseable {

    private final HttpsServer server;
    private final String username;
    private final String password;
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final List<Map<String, String>> logins = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** Serves HTTPS on 127.0.0.1 with the certificate of a PKCS12 keystore (for 127.0.0.1) and accepts one user. */
    NiFiTokenLoginStandIn(final Path keyStore, final String storePassword, final String username, final String password) throws IOException {
        this.username = username;
        this.password = password;
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore, storePassword)));
        server.createContext("/nifi-api/", this::handle);
        server.start();
    }

    URI api() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/nifi-api/");
    }

    /** The form fields of every token request, in order. */
    List<Map<String, String>> logins() {
        return logins;
    }

    /** The Authorization header of every other request ("" when absent). */
    List<String> authorizations() {
        return authorizations;
    }

    /** Forgets every token issued, as a NiFi restart or a token's expiry does. */
    void expireTokens() {
        validTokens.clear();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            if (path.equals("/nifi-api/access/token")) {
                token(exchange);
                return;
            }
            final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            if (authorization == null || !authorization.startsWith("Bearer ") || !validTokens.contains(authorization.substring(7))) {
                reply(exchange, 401, "text/plain", "Unable to validate the access token.");
            } else if (exchange.getRequestMethod().equals("GET") && path.equals("/nifi-api/flow/about")) {
                reply(exchange, 200, "application/json", "{\"about\":{\"title\":\"NiFi\",\"version\":\"2.3.0\"}}");
            } else if (exchange.getRequestMethod().equals("GET") && path.equals("/nifi-api/flow/process-groups/root")) {
                reply(exchange, 200, "application/json", "{\"processGroupFlow\":{\"id\":\"root-id\",\"flow\":{\"processGroups\":[]}}}");
            } else {
                reply(exchange, 404, "text/plain", "Not served by the stand-in");
            }
        }
    }

    private void token(final HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 405, "text/plain", "");
            return;
        }
        final String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            reply(exchange, 415, "text/plain", "");
            return;
        }
        final Map<String, String> form = new HashMap<>();
        try (InputStream body = exchange.getRequestBody()) {
            for (final String field : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                final int equals = field.indexOf('=');
                if (equals > 0) {
                    form.put(URLDecoder.decode(field.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        logins.add(form);
        final String user = form.getOrDefault("username", "");
        final String secret = form.getOrDefault("password", "");
        if (user.isBlank() || secret.isBlank()) {
            reply(exchange, 400, "text/plain", "The username and password must be specified.");
        } else if (!user.equals(username) || !secret.equals(password)) {
            reply(exchange, 400, "text/plain", "The supplied username and password are not valid.");
        } else {
            final Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            final String token = base64.encodeToString("{\"alg\":\"EdDSA\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + base64.encodeToString(("{\"sub\":\"" + user + "\",\"jti\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8))
                    + "." + base64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            validTokens.add(token);
            reply(exchange, 201, "text/plain", token);
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final String type, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static SSLContext serverContext(final Path keyStore, final String password) throws IOException {
        try {
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(KeyStore.getInstance(keyStore.toFile(), password.toCharArray()), password.toCharArray());
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new IOException("Server TLS context", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
