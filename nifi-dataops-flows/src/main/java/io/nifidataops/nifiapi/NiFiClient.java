package io.nifidataops.nifiapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The few NiFi REST calls that the flow deployer, the local launcher and the system tests need, on an unsecured (HTTP) NiFi
 * or a secured (HTTPS) one: see {@link NiFiAccess} for the truststore, the client certificate and the token login.
 * Lives with the deployer (nifi-dataops-flows) so that the deployer needs no test code; the NiFi harness in
 * nifi-dataops-system-tests uses it from here.
 */
public final class NiFiClient {

    /** One connection's queue: which relationships of which source feed it and how many FlowFiles wait in it. */
    public record Queue(String connectionId, String source, List<String> relationships, String destination, int flowFiles) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI api;
    private final NiFiAccess access;
    private final HttpClient http;
    private final String clientId = UUID.randomUUID().toString();
    private volatile String bearerToken;

    public NiFiClient(final URI api) {
        this(api, NiFiAccess.none());
    }

    public NiFiClient(final URI api, final NiFiAccess access) {
        this.api = api;
        this.access = access;
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if ("https".equalsIgnoreCase(api.getScheme())) {
            builder.sslContext(access.sslContext());
        }
        this.http = builder.build();
    }

    /**
     * True once the web application answers (logged in, when the access has a login); connection refused, 503 while starting
     * and a login NiFi cannot serve yet give false. A login NiFi refuses (wrong password: 400) fails at once.
     */
    public boolean isUp() {
        try {
            if (access.login() && bearerToken == null) {
                final HttpResponse<String> login = requestToken();
                if (login.statusCode() / 100 != 2) {
                    // 429: NiFi limits token requests per second (nifi.web.max.access.token.requests.per.second)
                    if (login.statusCode() / 100 == 4 && login.statusCode() != 429) {
                        throw loginFailure(login);
                    }
                    return false;
                }
                bearerToken = login.body().trim();
            }
            final HttpRequest request = request("flow/about").timeout(Duration.ofSeconds(5)).GET().build();
            final int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 401) {
                // a token from before a NiFi restart: log in again at the next poll
                bearerToken = null;
            }
            return status == 200;
        } catch (final IOException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Logs in as NiFi's AccessResource defines it (nifi-web-api, org.apache.nifi.web.api.AccessResource#createAccessToken at
     * rel/nifi-2.3.0, lines 90-149): {@code POST /nifi-api/access/token}, form fields {@code username} and {@code password},
     * only over HTTPS; the answer is 201 with the JWT as text/plain, which later requests carry as
     * {@code Authorization: Bearer} (StandardBearerTokenResolver prefers that header to the cookie). Bad credentials answer
     * 400, a NiFi without a login provider 409.
     */
    public String login() {
        try {
            final HttpResponse<String> response = requestToken();
            if (response.statusCode() / 100 != 2) {
                throw loginFailure(response);
            }
            bearerToken = response.body().trim();
            return bearerToken;
        } catch (final IOException e) {
            throw new UncheckedIOException("Login to " + api + " failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during login to " + api, e);
        }
    }

    private HttpResponse<String> requestToken() throws IOException, InterruptedException {
        final String user = access.username().orElseThrow(() -> new IllegalStateException("No NiFi username given"));
        final String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(new String(access.password()), StandardCharsets.UTF_8);
        final HttpRequest request = HttpRequest.newBuilder(api.resolve("access/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** NiFi's answer names the reason (bad credentials, HTTPS only, no login provider); it never repeats the password. */
    private IllegalStateException loginFailure(final HttpResponse<String> response) {
        return new IllegalStateException("Login to " + api + " as " + access.username().orElse("") + " answered "
                + response.statusCode() + ": " + response.body());
    }

    public String rootGroupId() {
        return get("flow/process-groups/root").path("processGroupFlow").path("id").asText();
    }

    /** Each entry has type, bundle {group, artifact, version}, description, tags. */
    public List<JsonNode> processorTypes() {
        return list(get("flow/processor-types").path("processorTypes"));
    }

    public List<JsonNode> controllerServiceTypes() {
        return list(get("flow/controller-service-types").path("controllerServiceTypes"));
    }

    /** Imports a flow definition (the JSON of "Download flow definition") as a new child group; returns its id. */
    public String uploadFlowDefinition(final String parentGroupId, final String groupName, final byte[] flowDefinition,
                                       final double x, final double y) {
        final String boundary = "----nifi-dataops-" + UUID.randomUUID();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final Map<String, String> fields = Map.of("groupName", groupName, "positionX", Double.toString(x),
                "positionY", Double.toString(y), "clientId", clientId);
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flow.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(flowDefinition);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        final HttpRequest request = request("process-groups/" + parentGroupId + "/process-groups/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return send(request).path("id").asText();
    }

    /** The id of the parameter context bound to a process group. */
    public String parameterContextId(final String groupId) {
        return get("process-groups/" + groupId).path("component").path("parameterContext").path("id").asText();
    }

    /**
     * Sets parameter values (sensitive ones included) and waits until NiFi has applied them to the components. An empty
     * value removes the parameter's value: properties that refer to it are then unset rather than blank.
     */
    public void updateParameters(final String contextId, final Map<String, String> values, final Duration timeout) {
        final JsonNode context = get("parameter-contexts/" + contextId);
        final List<Map<String, Object>> parameters = new ArrayList<>();
        for (final JsonNode existing : list(context.path("component").path("parameters"))) {
            final String name = existing.path("parameter").path("name").asText();
            if (values.containsKey(name)) {
                final Map<String, Object> parameter = new HashMap<>(Map.of("name", name,
                        "sensitive", existing.path("parameter").path("sensitive").asBoolean()));
                if (values.get(name).isEmpty()) {
                    parameter.put("valueRemoved", true);
                } else {
                    parameter.put("value", values.get(name));
                }
                parameters.add(Map.of("parameter", parameter));
            }
        }
        final Map<String, Object> body = Map.of("id", contextId, "revision", MAPPER.convertValue(context.path("revision"), Map.class),
                "component", Map.of("id", contextId, "parameters", parameters));
        final String path = "parameter-contexts/" + contextId + "/update-requests";
        final String request = path + "/" + send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body))).build()).path("request").path("requestId").asText();
        try {
            awaitCondition("parameter update of " + contextId, timeout, () -> get(request).path("request").path("complete").asBoolean());
            final String failure = get(request).path("request").path("failureReason").asText("");
            if (!failure.isEmpty() && !"null".equals(failure)) {
                throw new IllegalStateException("Updating parameters failed: " + failure);
            }
        } finally {
            send(request(request).DELETE().build());
        }
    }

    /** Enables every controller service in the group (and its children) and waits until all are ENABLED. */
    public void enableControllerServices(final String groupId, final Duration timeout) {
        put("flow/process-groups/" + groupId + "/controller-services", Map.of("id", groupId, "state", "ENABLED"));
        awaitCondition("controller services of " + groupId + " enabled", timeout, () -> controllerServices(groupId).stream()
                .allMatch(service -> "ENABLED".equals(service.path("component").path("state").asText())));
    }

    /** Waits until every processor of the group and its children is VALID; the failure names the others and their errors. */
    public void awaitValidProcessors(final String groupId, final Duration timeout) {
        final Predicate<JsonNode> valid = p -> "VALID".equals(p.path("component").path("validationStatus").asText());
        try {
            awaitCondition("valid processors", timeout, () -> processors(groupId).stream().allMatch(valid));
        } catch (final IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": " + processors(groupId).stream().filter(valid.negate())
                    .map(p -> p.path("component").path("name").asText() + "=" + p.path("component").path("validationErrors"))
                    .toList(), e);
        }
    }

    /** Schedules every processor in the group and its children. */
    public void startProcessGroup(final String groupId) {
        put("flow/process-groups/" + groupId, Map.of("id", groupId, "state", "RUNNING"));
    }

    public void stopProcessGroup(final String groupId) {
        put("flow/process-groups/" + groupId, Map.of("id", groupId, "state", "STOPPED"));
    }

    /** Processor entities; {@code component} holds name, type, bundle, extensionMissing, validationErrors. */
    public List<JsonNode> processors(final String groupId) {
        return list(get("process-groups/" + groupId + "/processors?includeDescendantGroups=true").path("processors"));
    }

    public List<JsonNode> controllerServices(final String groupId) {
        return list(get("flow/process-groups/" + groupId
                + "/controller-services?includeAncestorGroups=false&includeDescendantGroups=true").path("controllerServices"));
    }

    public List<Queue> queues(final String groupId) {
        final List<Queue> queues = new ArrayList<>();
        for (final JsonNode connection : list(get("process-groups/" + groupId + "/connections").path("connections"))) {
            final JsonNode component = connection.path("component");
            final List<String> relationships = list(component.path("selectedRelationships")).stream().map(JsonNode::asText).toList();
            queues.add(new Queue(connection.path("id").asText(), component.path("source").path("name").asText(), relationships,
                    component.path("destination").path("name").asText(),
                    connection.path("status").path("aggregateSnapshot").path("flowFilesQueued").asInt()));
        }
        return queues;
    }

    /**
     * Every queue of the group and of the groups below it, from one status call (relationships are not part of it), and
     * the number of threads still working in them.
     */
    public record GroupStatus(List<Queue> queues, int activeThreads) {
        public int queued() {
            return queues.stream().mapToInt(Queue::flowFiles).sum();
        }
    }

    public GroupStatus groupStatus(final String groupId) {
        final JsonNode snapshot = get("flow/process-groups/" + groupId + "/status?recursive=true")
                .path("processGroupStatus").path("aggregateSnapshot");
        final List<Queue> queues = new ArrayList<>();
        collectQueues(snapshot, queues);
        return new GroupStatus(queues, snapshot.path("activeThreadCount").asInt());
    }

    private static void collectQueues(final JsonNode group, final List<Queue> queues) {
        for (final JsonNode entity : list(group.path("connectionStatusSnapshots"))) {
            final JsonNode connection = entity.path("connectionStatusSnapshot");
            queues.add(new Queue(connection.path("id").asText(), connection.path("sourceName").asText(), List.of(),
                    connection.path("destinationName").asText(), connection.path("flowFilesQueued").asInt()));
        }
        for (final JsonNode child : list(group.path("processGroupStatusSnapshots"))) {
            collectQueues(child.path("processGroupStatusSnapshot"), queues);
        }
    }

    /** Attributes of the FlowFiles waiting in a connection (the first 100, as NiFi lists them). */
    public List<Map<String, String>> queuedAttributes(final String connectionId) {
        final String queue = "flowfile-queues/" + connectionId;
        final String listing = queue + "/listing-requests/"
                + post(queue + "/listing-requests").path("listingRequest").path("id").asText();
        try {
            awaitCondition("listing of " + connectionId, Duration.ofSeconds(30),
                    () -> get(listing).path("listingRequest").path("finished").asBoolean());
            final List<Map<String, String>> attributes = new ArrayList<>();
            for (final JsonNode flowFile : list(get(listing).path("listingRequest").path("flowFileSummaries"))) {
                final JsonNode details = get(queue + "/flowfiles/" + flowFile.path("uuid").asText()).path("flowFile").path("attributes");
                attributes.add(MAPPER.convertValue(details, new TypeReference<Map<String, String>>() { }));
            }
            return attributes;
        } finally {
            send(request(listing).DELETE().build());
        }
    }

    /** Content of the FlowFiles waiting in a connection (the first 100), parsed as JSON: for flows whose records are JSON. */
    public List<JsonNode> queuedJsonContents(final String connectionId) {
        return queuedAttributes(connectionId).stream()
                .map(attributes -> get("flowfile-queues/" + connectionId + "/flowfiles/" + attributes.get("uuid") + "/content"))
                .toList();
    }

    /** Content of the FlowFiles waiting in a connection (the first 100), as text: for content that is not JSON, such as HTML. */
    public List<String> queuedTextContents(final String connectionId) {
        return queuedAttributes(connectionId).stream()
                .map(attributes -> sendForText(request("flowfile-queues/" + connectionId + "/flowfiles/" + attributes.get("uuid") + "/content")
                        .GET().build()))
                .toList();
    }

    /**
     * Sets a processor's run status: {@code RUNNING}, {@code STOPPED}, or {@code RUN_ONCE} (one scheduled run, then stopped,
     * as "Run Once" in the UI).
     */
    public void setProcessorRunStatus(final String processorId, final String state) {
        final String path = "processors/" + processorId;
        put(path + "/run-status", Map.of("revision", get(path).path("revision"), "state", state));
    }

    /**
     * A processor's stored state as View State shows it: key to value, from the cluster scope on a cluster, else the
     * local scope.
     */
    public Map<String, String> processorState(final String processorId) {
        final JsonNode state = get("processors/" + processorId + "/state").path("componentState");
        final Map<String, String> entries = new HashMap<>();
        for (final String scope : List.of("localState", "clusterState")) {
            for (final JsonNode entry : list(state.path(scope).path("state"))) {
                entries.put(entry.path("key").asText(), entry.path("value").asText());
            }
        }
        return entries;
    }

    /** Bulletins of the last five minutes (NiFi keeps no older ones); each has level, sourceName, message. */
    public List<JsonNode> bulletins() {
        return list(get("flow/bulletin-board").path("bulletinBoard").path("bulletins")).stream()
                .map(entity -> entity.path("bulletin"))
                .toList();
    }

    /**
     * Sets properties of a controller service (sensitive ones included: the REST API accepts their values, never returns them).
     * The service must be disabled.
     */
    public void updateControllerServiceProperties(final String serviceId, final Map<String, String> properties) {
        updateComponent("controller-services/" + serviceId, Map.of("id", serviceId, "properties", properties));
    }

    /** Sets properties of a stopped processor; dynamic properties are created by name. */
    public void updateProcessorProperties(final String processorId, final Map<String, String> properties) {
        updateComponent("processors/" + processorId, Map.of("id", processorId, "config", Map.of("properties", properties)));
    }

    private void updateComponent(final String path, final Map<String, Object> component) {
        put(path, Map.of("revision", get(path).path("revision"), "component", component));
    }

    /**
     * The provenance events NiFi has indexed (up to {@code maxResults}, newest first), from one query that is deleted afterwards;
     * each has eventType, componentName, transitUri, flowFileUuid, attributes. Events are indexed asynchronously: poll until
     * the ones expected are there.
     */
    public List<JsonNode> provenanceEvents(final int maxResults) {
        final JsonNode query = post("provenance", Map.of("provenance", Map.of("request", Map.of("maxResults", maxResults))));
        final String path = "provenance/" + query.path("provenance").path("id").asText();
        try {
            awaitCondition("provenance query " + path, Duration.ofSeconds(30), () -> get(path).path("provenance").path("finished").asBoolean());
            return list(get(path).path("provenance").path("results").path("provenanceEvents"));
        } finally {
            send(request(path).DELETE().build());
        }
    }

    /**
     * One provenance event as the UI's "View Details" shows it (GET provenance-events/{id}): details, transitUri, relationship
     * and {@code attributes}, each with name, value and previousValue.
     */
    public JsonNode provenanceEvent(final long eventId) {
        return get("provenance-events/" + eventId).path("provenanceEvent");
    }

    /**
     * The lineage graph of one FlowFile (what the UI's lineage view draws), from a query that is deleted afterwards:
     * {@code nodes} (type FLOWFILE or EVENT; events with id = event id, eventType, flowFileUuid) and {@code links}.
     * It reaches back to the event that created the FlowFile, e.g. the FORK of a split; see {@link #parentLineage}.
     */
    public JsonNode lineage(final String flowFileUuid) {
        return lineage(Map.of("lineageRequestType", "FLOWFILE", "uuid", flowFileUuid));
    }

    /** The lineage of the parents of a FORK, JOIN or CLONE event: the UI's "Find parents" on that event. */
    public JsonNode parentLineage(final long eventId) {
        return lineage(Map.of("lineageRequestType", "PARENTS", "eventId", eventId));
    }

    /**
     * The lineage of one FlowFile on one node of a cluster: events are kept by the node that recorded them, and NiFi asks
     * for the node of a lineage (the {@code clusterNodeId} of a provenance event) rather than merging graphs across nodes.
     */
    public JsonNode lineage(final String flowFileUuid, final String clusterNodeId) {
        return lineage(Map.of("lineageRequestType", "FLOWFILE", "uuid", flowFileUuid, "clusterNodeId", clusterNodeId));
    }

    /** {@link #parentLineage(long)} on one node of a cluster. */
    public JsonNode parentLineage(final long eventId, final String clusterNodeId) {
        return lineage(Map.of("lineageRequestType", "PARENTS", "eventId", eventId, "clusterNodeId", clusterNodeId));
    }

    /** The cluster's summary: clustered, connectedToCluster, connectedNodeCount, totalNodeCount. */
    public JsonNode clusterSummary() {
        return get("flow/cluster/summary").path("clusterSummary");
    }

    private JsonNode lineage(final Map<String, Object> request) {
        final JsonNode query = post("provenance/lineage", Map.of("lineage", Map.of("request", request)));
        // A lineage lives on the node it was asked of: reads and the delete name that node too
        final String path = "provenance/lineage/" + query.path("lineage").path("id").asText()
                + (request.containsKey("clusterNodeId") ? "?clusterNodeId=" + request.get("clusterNodeId") : "");
        try {
            awaitCondition("lineage " + request, Duration.ofSeconds(30), () -> get(path).path("lineage").path("finished").asBoolean());
            return get(path).path("lineage").path("results");
        } finally {
            send(request(path).DELETE().build());
        }
    }

    public JsonNode get(final String path) {
        return send(request(path).GET().build());
    }

    public JsonNode post(final String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public JsonNode post(final String path, final Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)))
                .build());
    }

    public JsonNode delete(final String path) {
        return send(request(path).DELETE().build());
    }

    public JsonNode put(final String path, final Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json(body)))
                .build());
    }

    /** Polls every half second until the condition holds; fails with the description after the timeout. */
    public static void awaitCondition(final String description, final Duration timeout, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + description);
            }
            try {
                Thread.sleep(Duration.ofMillis(500));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
    }

    private HttpRequest.Builder request(final String path) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(api.resolve(path)).timeout(REQUEST_TIMEOUT);
        final String token = bearerToken;
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /** Sends; with a login, logs in first and once more when NiFi answers 401 (the token expired or NiFi restarted). */
    private HttpResponse<String> exchange(final HttpRequest request, final HttpResponse.BodyHandler<String> body)
            throws IOException, InterruptedException {
        if (!access.login()) {
            return http.send(request, body);
        }
        final boolean hadToken = bearerToken != null;
        if (!hadToken) {
            login();
        }
        final HttpResponse<String> response = http.send(authorized(request), body);
        if (response.statusCode() != 401 || !hadToken) {
            return response;
        }
        login();
        return http.send(authorized(request), body);
    }

    private HttpRequest authorized(final HttpRequest request) {
        return HttpRequest.newBuilder(request, (name, value) -> !"Authorization".equalsIgnoreCase(name))
                .header("Authorization", "Bearer " + bearerToken).build();
    }

    private JsonNode send(final HttpRequest request) {
        try {
            final HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
        } catch (final IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.uri(), e);
        }
    }

    private String sendForText(final HttpRequest request) {
        try {
            final HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (final IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.uri(), e);
        }
    }

    private static byte[] json(final Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> list(final JsonNode array) {
        final List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
