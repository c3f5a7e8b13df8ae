package io.nifidataops.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server on 127.0.0.1 that speaks both the MLflow scoring protocol and the Open Inference Protocol v2, and
 * answers from an ONNX model in this JVM: the reference for "remote scores equal in-process scores". It can also
 * misbehave on demand (fail with a status, answer late, answer the wrong shape) for the fault tests.
 */
public final class LocalModelServer implements AutoCloseable {

    /** How the next requests are answered. */
    public enum Fault { NONE, STATUS_503, STATUS_400, SLOW, WRONG_SHAPE, NOT_JSON }

    /** How MLflow predictions are laid out: the variants MLflow servers produce. */
    public enum MlflowLayout { RECORDS, COLUMNS, PROBABILITY_LISTS }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // Without TCP_NODELAY a large answer waits for the client's delayed ACK (~40 ms per request), as real servers do not
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final OnnxModel model;
    private final String modelName;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inferenceRequests = new AtomicInteger();
    private final boolean tls;
    private volatile Float failingFeatureValue;
    private volatile Fault fault = Fault.NONE;
    private volatile MlflowLayout mlflowLayout = MlflowLayout.RECORDS;
    private volatile long slowMillis = 3_000;
    private volatile String requiredAuthorization;
    private boolean closed;

    private LocalModelServer(final Path modelFile, final String modelName, final SSLContext tlsContext) throws IOException, InvalidModelException {
        this.model = OnnxModel.load(modelFile, TestModels.defaults());
        this.modelName = modelName;
        this.tls = tlsContext != null;
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tlsContext == null) {
            this.server = HttpServer.create(address, 64);
        } else {
            final HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tlsContext));
            this.server = https;
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public static LocalModelServer start(final Path modelFile, final String modelName) throws IOException, InvalidModelException {
        return new LocalModelServer(modelFile, modelName, null);
    }

    /** The same server over HTTPS, presenting the context's certificate. */
    public static LocalModelServer startHttps(final Path modelFile, final String modelName, final SSLContext tlsContext)
            throws IOException, InvalidModelException {
        return new LocalModelServer(modelFile, modelName, tlsContext);
    }

    public URI baseUri() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    public int requestCount() {
        return requests.get();
    }

    /** Scoring requests (MLflow invocations, KServe infer) that reached the server, answered or not. */
    public int inferenceRequestCount() {
        return inferenceRequests.get();
    }

    /** Scoring requests holding this feature value anywhere get HTTP 500, as a model that crashes on one input; null: none. */
    public void failOnFeatureValue(final Float value) {
        this.failingFeatureValue = value;
    }

    public void fault(final Fault fault) {
        this.fault = fault;
    }

    public void slowMillis(final long millis) {
        this.slowMillis = millis;
    }

    public void mlflowLayout(final MlflowLayout layout) {
        this.mlflowLayout = layout;
    }

    /** Requests without this exact Authorization header get 401. */
    public void requireAuthorization(final String value) {
        this.requiredAuthorization = value;
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            final String path = exchange.getRequestURI().getPath();
            final String prefix = "/v2/models/" + modelName;
            final boolean inference = "POST".equals(exchange.getRequestMethod())
                    && (path.equals("/invocations") || path.equals(prefix + "/infer"));
            if (inference) {
                inferenceRequests.incrementAndGet();
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{\"error_code\":\"UNAUTHENTICATED\"}");
                return;
            }
            switch (fault) {
                case STATUS_503 -> {
                    respond(exchange, 503, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\"}");
                    return;
                }
                case STATUS_400 -> {
                    respond(exchange, 400, "{\"error_code\":\"BAD_REQUEST\",\"message\":\"value 'secret' rejected\"}");
                    return;
                }
                case SLOW -> sleep(slowMillis);
                case NOT_JSON -> {
                    respond(exchange, 200, "<html>gateway</html>");
                    return;
                }
                default -> {
                }
            }
            final JsonNode body = inference ? MAPPER.readTree(exchange.getRequestBody()) : null;
            if (inference && failingFeatureValue != null && holds(body, failingFeatureValue)) {
                respond(exchange, 500, "{\"error\":\"model crashed on input\"}");
                return;
            }
            if (path.equals("/ping") || path.equals("/health") || path.equals(prefix + "/ready")) {
                respond(exchange, 200, "{}");
            } else if (path.equals("/invocations") && "POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 200, mlflow(body));
            } else if (path.equals(prefix + "/infer") && "POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 200, kserve(body));
            } else if (path.equals(prefix)) {
                respond(exchange, 200, metadata());
            } else {
                respond(exchange, 404, "{\"error\":\"no such model\"}");
            }
        } catch (final ScoringException | RuntimeException e) {
            respond(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private String mlflow(final JsonNode request) throws ScoringException {
        final JsonNode data = request.path("dataframe_split").path("data");
        final float[][] rows = new float[data.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = JsonPredictions.numbers("data", data.get(i));
        }
        final ScoreBatch batch = model.score(rows);
        final ObjectNode answer = MAPPER.createObjectNode();
        final int rowCount = fault == Fault.WRONG_SHAPE ? rows.length - 1 : rows.length;
        switch (mlflowLayout) {
            case RECORDS -> {
                final ArrayNode predictions = answer.putArray("predictions");
                for (int i = 0; i < rowCount; i++) {
                    final ObjectNode row = predictions.addObject();
                    row.put("label", batch.label(i));
                    probabilityArray(row.putArray("probabilities"), batch, i);
                }
            }
            case COLUMNS -> {
                final ObjectNode predictions = answer.putObject("predictions");
                final ArrayNode labels = predictions.putArray("label");
                final ArrayNode probabilities = predictions.putArray("probabilities");
                for (int i = 0; i < rowCount; i++) {
                    labels.add(batch.label(i));
                    probabilityArray(probabilities.addArray(), batch, i);
                }
            }
            case PROBABILITY_LISTS -> {
                final ArrayNode predictions = answer.putArray("predictions");
                for (int i = 0; i < rowCount; i++) {
                    probabilityArray(predictions.addArray(), batch, i);
                }
            }
        }
        return answer.toString();
    }

    private String kserve(final JsonNode request) throws ScoringException {
        final JsonNode input = request.path("inputs").get(0);
        final int rows = input.path("shape").get(0).asInt();
        final int width = input.path("shape").get(1).asInt();
        final float[] flat = JsonPredictions.numbers("data", input.path("data"));
        final float[][] features = new float[rows][width];
        for (int i = 0; i < flat.length; i++) {
            features[i / width][i % width] = flat[i];
        }
        final ScoreBatch batch = model.score(features);
        final int classes = batch.classes().size();
        final ObjectNode answer = MAPPER.createObjectNode().put("model_name", modelName).put("model_version", model.info().version());
        final ArrayNode outputs = answer.putArray("outputs");
        final ObjectNode label = outputs.addObject().put("name", "label").put("datatype", "BYTES");
        label.putArray("shape").add(rows);
        final ArrayNode labels = label.putArray("data");
        final ObjectNode probabilities = outputs.addObject().put("name", "probabilities").put("datatype", "FP32");
        probabilities.putArray("shape").add(fault == Fault.WRONG_SHAPE ? rows + 1 : rows).add(classes);
        final ArrayNode values = probabilities.putArray("data");
        for (int i = 0; i < rows; i++) {
            labels.add(batch.label(i));
            probabilityArray(values, batch, i);
        }
        return answer.toString();
    }

    private String metadata() {
        final ObjectNode answer = MAPPER.createObjectNode().put("name", modelName).put("platform", "onnxruntime_onnx");
        answer.putArray("versions").add(model.info().version());
        final ObjectNode input = answer.putArray("inputs").addObject().put("name", "input-0").put("datatype", "FP32");
        input.putArray("shape").add(-1).add(model.info().featureNames().size());
        answer.putArray("outputs").addObject().put("name", "probabilities").put("datatype", "FP32");
        return answer.toString();
    }

    private static boolean holds(final JsonNode node, final float value) {
        if (node.isNumber()) {
            return node.floatValue() == value;
        }
        for (final JsonNode child : node) {
            if (holds(child, value)) {
                return true;
            }
        }
        return false;
    }

    private static void probabilityArray(final ArrayNode into, final ScoreBatch batch, final int row) {
        for (final Object probability : batch.probabilities(row).values()) {
            into.add((Float) probability);
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        model.close();
    }
}
