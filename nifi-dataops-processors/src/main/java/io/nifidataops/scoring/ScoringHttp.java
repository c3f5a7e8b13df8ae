package io.nifidataops.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over java.net.http for the model servers, with the failure classification the processor acts on (see
 * {@link ScoringFailures}). Error texts carry redacted URIs, status codes and server error codes, never bodies, which may
 * echo feature values, nor the messages of the HTTP client's exceptions.
 */
public final class ScoringHttp implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;
    private final String headerName;
    private final String headerValue;

    ScoringHttp(final HttpClient client, final Duration timeout, final String headerName, final String headerValue) {
        this.client = client;
        this.timeout = timeout;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }

    JsonNode postJson(final URI uri, final byte[] body) throws ScoringException {
        final HttpRequest request = request(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return json(uri, send(request));
    }

    int getStatus(final URI uri) throws ScoringException {
        return send(request(uri).GET().build()).statusCode();
    }

    JsonNode getJson(final URI uri) throws ScoringException {
        return json(uri, send(request(uri).GET().build()));
    }

    private static JsonNode json(final URI uri, final HttpResponse<byte[]> response) throws ScoringException {
        if (response.statusCode() / 100 != 2) {
            throw statusFailure(uri, response);
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (final IOException e) {
            throw new ScoringException("The model server at %s answered with a body that is not JSON".formatted(RemoteUris.redact(uri)), false);
        }
    }

    private HttpRequest.Builder request(final URI uri) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (headerName != null && headerValue != null) {
            builder.header(headerName, headerValue);
        }
        return builder;
    }

    private HttpResponse<byte[]> send(final HttpRequest request) throws ScoringException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (final IOException e) {
            throw ScoringFailures.transport(request.uri(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScoringException("Interrupted while waiting for the model server at " + RemoteUris.redact(request.uri()), true, e);
        }
    }

    static ScoringException statusFailure(final URI uri, final HttpResponse<byte[]> response) {
        final int status = response.statusCode();
        final String errorCode = errorCode(response.body());
        return new ScoringException("The model server at %s answered HTTP %d%s".formatted(RemoteUris.redact(uri), status,
                errorCode == null ? "" : " (" + errorCode + ")"), ScoringFailures.isTransientStatus(status));
    }

    // MLflow answers {"error_code": "BAD_REQUEST", "message": ...}; the code is safe to show, the message may quote input
    private static String errorCode(final byte[] body) {
        try {
            final JsonNode code = MAPPER.readTree(body).path("error_code");
            return code.isTextual() && code.asText().matches("[A-Z_]{1,64}") ? code.asText() : null;
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
