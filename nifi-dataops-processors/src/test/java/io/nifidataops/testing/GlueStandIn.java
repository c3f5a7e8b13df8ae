package io.nifidataops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nifidataops.aws.StandardAwsConnectionService;
import io.nifidataops.catalog.GlueCatalogService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-process STAND-IN for the AWS Glue Data Catalog (not an emulator of all of Glue): it speaks Glue's JSON 1.1
 * protocol ({@code POST /}, {@code X-Amz-Target: AWSGlue.<Operation>}, {@code application/x-amz-json-1.1}) on
 * 127.0.0.1 for the operations RegisterGlueTable calls, and enforces the rules of the real service that our code
 * depends on:
 * <ul>
 *   <li>names 1-255 characters (a ValidationException as Glue's request validation gives); names that are not
 *       lowercase are refused with InvalidInputException, stricter than Glue (which lowercases silently), so a test
 *       fails if our code ever relies on that;</li>
 *   <li>at most 100 partitions per BatchCreatePartition (ValidationException, Glue's constraint message);</li>
 *   <li>AlreadyExistsException / EntityNotFoundException for databases, tables and (per entry) partitions;</li>
 *   <li>UpdateTable's VersionId as an optimistic lock: a stale one gets ConcurrentModificationException;</li>
 *   <li>GetPartitions pages with an opaque NextToken;</li>
 *   <li>BatchGetPartition takes at most 1,000 entries and leaves out partitions that do not exist (no error).</li>
 * </ul>
 * It counts requests per operation and injects faults (throttling, access denied, 500s, refused partitions; a
 * closed port via {@link #close()}). Use as a JUnit extension ({@code @RegisterExtension}) or by hand.
 */
public final class GlueStandIn implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    public static final String REGION = "us-east-1";
    /** The account the stand-in's caller belongs to (its default catalog). */
    public static final String ACCOUNT_ID = "000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_NAME = 255;

    /** A whole-request fault: the status and the Glue error type returned instead of the answer. */
    public enum Fault {
        THROTTLING(400, "ThrottlingException", "Rate exceeded"),
        ACCESS_DENIED(400, "AccessDeniedException", "User: arn:aws:iam::000000000000:user/test is not authorized to perform this operation"),
        INTERNAL_ERROR(500, "InternalServiceException", "Internal service error");

        private final int status;
        private final String type;
        private final String message;

        Fault(final int status, final String type, final String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    private static final class GlueError extends RuntimeException {
        private final int status;
        private final String type;

        GlueError(final int status, final String type, final String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    private final Object lock = new Object();
    private final Map<String, ObjectNode> databases = new LinkedHashMap<>();
    private final Map<String, ObjectNode> tables = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> tableVersions = new HashMap<>();
    private final Map<String, Map<List<String>, ObjectNode>> partitions = new HashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final Deque<String> partitionRefusals = new ArrayDeque<>();
    private final Set<String> sharedCatalogs = new java.util.HashSet<>();
    private final Set<String> catalogIds = new java.util.LinkedHashSet<>();
    private Consumer<GlueStandIn> beforeNextUpdate;
    private int pageSize = 1000;
    private HttpServer server;
    private ExecutorService executor;

    public GlueStandIn start() {
        synchronized (lock) {
            if (server == null) {
                try {
                    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot listen on 127.0.0.1", e);
                }
                executor = Executors.newFixedThreadPool(8);
                server.setExecutor(executor);
                server.createContext("/", this::handle);
                server.start();
            }
            return this;
        }
    }

    /** Stops listening: clients then get connection refused, as from an endpoint that is down. */
    @Override
    public void close() {
        synchronized (lock) {
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
                server = null;
            }
        }
    }

    @Override
    public void beforeEach(final ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        close();
    }

    public URI endpoint() {
        synchronized (lock) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }
    }

    /** A Glue client for the stand-in, without SDK retries, for tests that drive the core directly. */
    public GlueClient client() {
        return GlueClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(config -> config.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    /** A runner for the processor with an enabled AWS connection service (set on {@code serviceProperty}) aimed here. */
    public TestRunner newRunner(final Class<? extends Processor> processor, final PropertyDescriptor serviceProperty) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(processor);
        runner.setProperty(serviceProperty, addConnectionService(runner));
        return runner;
    }

    /**
     * A runner for the processor with an enabled GlueCatalogService (set on {@code catalogProperty}) aimed here, with the given
     * catalog properties; {@link #reconfigure} changes them later.
     */
    public TestRunner newCatalogRunner(final Class<? extends Processor> processor, final PropertyDescriptor catalogProperty,
                                       final Map<String, String> catalogProperties) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(processor);
        runner.setProperty(catalogProperty, addCatalogService(runner, catalogProperties));
        return runner;
    }

    /** Adds an enabled GlueCatalogService named "catalog" (with its AWS connection) to the runner; returns its identifier. */
    public String addCatalogService(final TestRunner runner, final Map<String, String> catalogProperties) throws InitializationException {
        final String aws = runner.getControllerService("aws") == null ? addConnectionService(runner) : "aws";
        final GlueCatalogService catalog = new GlueCatalogService();
        runner.addControllerService("catalog", catalog);
        runner.setProperty(catalog, GlueCatalogService.AWS_CONNECTION_SERVICE, aws);
        catalogProperties.forEach((name, value) -> runner.setProperty(catalog, name, value));
        runner.enableControllerService(catalog);
        return "catalog";
    }

    /** Disables the runner's catalog service, sets the properties, enables it again (its caches start empty). */
    public void reconfigure(final TestRunner runner, final Map<String, String> catalogProperties) {
        final GlueCatalogService catalog = (GlueCatalogService) runner.getControllerService("catalog");
        runner.disableControllerService(catalog);
        catalogProperties.forEach((name, value) -> runner.setProperty(catalog, name, value));
        runner.enableControllerService(catalog);
    }

    private String addConnectionService(final TestRunner runner) throws InitializationException {
        final StandardAwsConnectionService aws = new StandardAwsConnectionService();
        runner.addControllerService("aws", aws);
        runner.setProperty(aws, "Region", REGION);
        runner.setProperty(aws, "Glue Endpoint Override", endpoint().toString());
        runner.setProperty(aws, "Credentials Strategy", "ACCESS_KEY");
        runner.setProperty(aws, "Access Key ID", "test");
        runner.setProperty(aws, "Secret Access Key", "test");
        // Bounds the SDK's own retries (it retries throttling and 5xx before the processor sees them).
        runner.setProperty(aws, "API Call Timeout", "5 secs");
        runner.enableControllerService(aws);
        return "aws";
    }

    // ---- assertions and fault injection ----

    public int calls(final String operation) {
        final AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public Map<String, Integer> callCounts() {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        calls.forEach((operation, count) -> counts.put(operation, count.get()));
        return counts;
    }

    public void resetCalls() {
        calls.clear();
    }

    /** The next {@code times} calls of the operation fail with the fault. */
    public void failNext(final String operation, final Fault fault, final int times) {
        synchronized (lock) {
            final Deque<Fault> queue = faults.computeIfAbsent(operation, key -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
    }

    public void resetFaults() {
        synchronized (lock) {
            faults.clear();
            partitionRefusals.clear();
        }
    }

    /** The next {@code count} partition entries of BatchCreatePartition are refused with this error code. */
    public void refuseNextPartitions(final String errorCode, final int count) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                partitionRefusals.add(errorCode);
            }
        }
    }

    /** Runs once, inside the next UpdateTable, before its VersionId is checked: a concurrent writer's change. */
    public void beforeNextUpdate(final Consumer<GlueStandIn> change) {
        synchronized (lock) {
            beforeNextUpdate = change;
        }
    }

    public void pageSize(final int size) {
        synchronized (lock) {
            pageSize = size;
        }
    }

    // ---- state seen directly (no request is counted) ----

    public boolean hasDatabase(final String name) {
        synchronized (lock) {
            return databases.containsKey(name);
        }
    }

    public void putDatabase(final String name) {
        synchronized (lock) {
            databases.put(name, NODES.objectNode().put("Name", name).put("CreateTime", now()));
        }
    }

    public JsonNode table(final String database, final String table) {
        synchronized (lock) {
            final ObjectNode found = tables.get(database + "." + table);
            return found == null ? null : found.deepCopy();
        }
    }

    /** Column name to type, in table order. */
    public Map<String, String> columns(final String database, final String table) {
        final Map<String, String> columns = new LinkedHashMap<>();
        final JsonNode found = table(database, table);
        found.path("StorageDescriptor").path("Columns").forEach(column -> columns.put(column.path("Name").asText(), column.path("Type").asText()));
        return columns;
    }

    /** Adds a column as another writer would: a new table version. */
    public void addColumn(final String database, final String table, final String column, final String type) {
        synchronized (lock) {
            final String key = database + "." + table;
            final ObjectNode current = tables.get(key);
            final ObjectNode next = current.deepCopy();
            ((ArrayNode) next.with("StorageDescriptor").withArray("Columns")).add(NODES.objectNode().put("Name", column).put("Type", type));
            archiveAndReplace(key, current, next, false);
        }
    }

    public int archivedVersions(final String database, final String table) {
        synchronized (lock) {
            return tableVersions.getOrDefault(database + "." + table, List.of()).size();
        }
    }

    /** Lets the caller use another account's catalog, as that account's Glue resource policy would. */
    public void shareCatalog(final String catalogId) {
        synchronized (lock) {
            sharedCatalogs.add(catalogId);
        }
    }

    /** The catalog IDs requests named (the caller's account when they named none). */
    public Set<String> catalogIdsSeen() {
        synchronized (lock) {
            return Set.copyOf(catalogIds);
        }
    }

    /** Drops a table and its partitions as someone outside NiFi would (no request is counted). */
    public void dropTable(final String database, final String table) {
        synchronized (lock) {
            tables.remove(database + "." + table);
            partitions.remove(database + "." + table);
        }
    }

    /** Registers a partition at the given location as another tool would (no request is counted). */
    public void putPartition(final String database, final String table, final List<String> values, final String location) {
        synchronized (lock) {
            final ObjectNode partition = NODES.objectNode().put("DatabaseName", database).put("TableName", table).put("CreationTime", now());
            final ArrayNode array = partition.putArray("Values");
            values.forEach(array::add);
            partition.putObject("StorageDescriptor").put("Location", location);
            partitions.get(database + "." + table).put(List.copyOf(values), partition);
        }
    }

    /** Where the catalog says the partition is, or null. */
    public String partitionLocation(final String database, final String table, final List<String> values) {
        synchronized (lock) {
            final ObjectNode partition = partitions.getOrDefault(database + "." + table, Map.of()).get(values);
            return partition == null ? null : partition.path("StorageDescriptor").path("Location").asText(null);
        }
    }

    public List<List<String>> partitionValues(final String database, final String table) {
        synchronized (lock) {
            return new ArrayList<>(partitions.getOrDefault(database + "." + table, Map.of()).keySet());
        }
    }

    // ---- protocol ----

    private void handle(final HttpExchange exchange) throws IOException {
        String operation = "?";
        int status;
        JsonNode answer;
        try (InputStream in = exchange.getRequestBody()) {
            final String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith("AWSGlue.")) {
                throw new GlueError(400, "UnknownOperationException", "Expected POST / with X-Amz-Target: AWSGlue.<Operation>");
            }
            final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
                throw new GlueError(400, "SerializationException", "Expected application/x-amz-json-1.1");
            }
            final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256")) {
                throw new GlueError(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
            }
            operation = target.substring("AWSGlue.".length());
            calls.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
            final JsonNode request = JSON.readTree(in.readAllBytes());
            answer = dispatch(operation, request == null ? NODES.objectNode() : request);
            status = 200;
        } catch (GlueError e) {
            status = e.status;
            answer = NODES.objectNode().put("__type", e.type).put("Message", e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            answer = NODES.objectNode().put("__type", "InternalServiceException").put("Message", "Stand-in failed on " + operation + ": " + e);
        }
        final byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private JsonNode dispatch(final String operation, final JsonNode request) {
        synchronized (lock) {
            final Deque<Fault> queue = faults.get(operation);
            final Fault fault = queue == null ? null : queue.poll();
            if (fault != null) {
                throw new GlueError(fault.status, fault.type, fault.message);
            }
            checkCatalogId(request);
            return switch (operation) {
                case "GetDatabase" -> NODES.objectNode().set("Database", database(text(request, "Name")).deepCopy());
                case "CreateDatabase" -> createDatabase(request.path("DatabaseInput"));
                case "GetTable" -> NODES.objectNode().set("Table", existingTable(text(request, "DatabaseName"), text(request, "Name")).deepCopy());
                case "CreateTable" -> createTable(text(request, "DatabaseName"), request.path("TableInput"));
                case "UpdateTable" -> updateTable(request);
                case "BatchCreatePartition" -> batchCreatePartition(request);
                case "GetPartitions" -> getPartitions(request);
                case "BatchGetPartition" -> batchGetPartition(request);
                case "DeleteTable" -> deleteTable(text(request, "DatabaseName"), text(request, "Name"));
                default -> throw new GlueError(400, "UnknownOperationException", "The stand-in does not implement " + operation);
            };
        }
    }

    // Glue: CatalogId defaults to the caller's account; another account's catalog needs its resource policy, else AccessDenied
    private void checkCatalogId(final JsonNode request) {
        final String catalogId = request.path("CatalogId").asText(ACCOUNT_ID);
        catalogIds.add(catalogId);
        if (!catalogId.equals(ACCOUNT_ID) && !sharedCatalogs.contains(catalogId)) {
            throw new GlueError(400, "AccessDeniedException", "Cross-account access to catalog " + catalogId + " is not allowed");
        }
    }

    private JsonNode createDatabase(final JsonNode input) {
        final String name = name("databaseInput.name", input.path("Name").asText(null));
        if (databases.containsKey(name)) {
            throw new GlueError(400, "AlreadyExistsException", "Database already exists.");
        }
        final ObjectNode database = ((ObjectNode) input.deepCopy()).put("CreateTime", now());
        databases.put(name, database);
        return NODES.objectNode();
    }

    private JsonNode createTable(final String databaseName, final JsonNode input) {
        database(databaseName);
        final String name = name("tableInput.name", input.path("Name").asText(null));
        final String key = databaseName + "." + name;
        if (tables.containsKey(key)) {
            throw new GlueError(400, "AlreadyExistsException", "Table already exists.");
        }
        final ObjectNode table = ((ObjectNode) input.deepCopy()).put("DatabaseName", databaseName).put("CreateTime", now())
                .put("UpdateTime", now()).put("VersionId", "0");
        tables.put(key, table);
        partitions.put(key, new LinkedHashMap<>());
        return NODES.objectNode();
    }

    private JsonNode updateTable(final JsonNode request) {
        final String databaseName = text(request, "DatabaseName");
        final JsonNode input = request.path("TableInput");
        final String key = databaseName + "." + input.path("Name").asText();
        existingTable(databaseName, input.path("Name").asText(null));
        if (beforeNextUpdate != null) {
            final Consumer<GlueStandIn> change = beforeNextUpdate;
            beforeNextUpdate = null;
            change.accept(this);
        }
        final ObjectNode current = tables.get(key);
        final String expected = request.path("VersionId").asText(null);
        if (expected != null && !expected.equals(current.path("VersionId").asText())) {
            throw new GlueError(400, "ConcurrentModificationException", "Update table failed due to concurrent modifications.");
        }
        final ObjectNode next = ((ObjectNode) input.deepCopy()).put("DatabaseName", databaseName)
                .put("CreateTime", current.path("CreateTime").asLong());
        archiveAndReplace(key, current, next, request.path("SkipArchive").asBoolean(false));
        return NODES.objectNode();
    }

    private void archiveAndReplace(final String key, final ObjectNode current, final ObjectNode next, final boolean skipArchive) {
        if (!skipArchive) {
            tableVersions.computeIfAbsent(key, k -> new ArrayList<>()).add(current);
        }
        next.put("UpdateTime", now()).put("VersionId", String.valueOf(Long.parseLong(current.path("VersionId").asText("0")) + 1));
        tables.put(key, next);
    }

    private JsonNode batchCreatePartition(final JsonNode request) {
        final JsonNode inputs = request.path("PartitionInputList");
        if (inputs.size() > 100) {
            throw new GlueError(400, "ValidationException", "1 validation error detected: Value at 'partitionInputList' failed to satisfy"
                    + " constraint: Member must have length less than or equal to 100");
        }
        final String databaseName = text(request, "DatabaseName");
        final String tableName = text(request, "TableName");
        final ObjectNode table = existingTable(databaseName, tableName);
        final int keys = table.path("PartitionKeys").size();
        final Map<List<String>, ObjectNode> existing = partitions.get(databaseName + "." + tableName);
        final ArrayNode errors = NODES.arrayNode();
        for (final JsonNode input : inputs) {
            final List<String> values = new ArrayList<>();
            input.path("Values").forEach(value -> values.add(value.asText()));
            final String refusal = partitionRefusals.poll();
            if (refusal != null) {
                errors.add(partitionError(values, refusal, "Refused by fault injection"));
            } else if (values.size() != keys) {
                errors.add(partitionError(values, "InvalidInputException", "The number of partition keys do not match the number of partition values"));
            } else if (existing.containsKey(values)) {
                errors.add(partitionError(values, "AlreadyExistsException", "Partition already exists."));
            } else {
                existing.put(values, ((ObjectNode) input.deepCopy()).put("DatabaseName", databaseName).put("TableName", tableName)
                        .put("CreationTime", now()));
            }
        }
        final ObjectNode answer = NODES.objectNode();
        if (!errors.isEmpty()) {
            answer.set("Errors", errors);
        }
        return answer;
    }

    private JsonNode getPartitions(final JsonNode request) {
        final String databaseName = text(request, "DatabaseName");
        final String tableName = text(request, "TableName");
        existingTable(databaseName, tableName);
        final List<ObjectNode> all = new ArrayList<>(partitions.get(databaseName + "." + tableName).values());
        final int maxResults = request.has("MaxResults") ? request.path("MaxResults").asInt() : 1000;
        if (maxResults < 1 || maxResults > 1000) {
            throw new GlueError(400, "ValidationException", "1 validation error detected: Value at 'maxResults' failed to satisfy constraint");
        }
        final int offset = request.has("NextToken") ? token(request.path("NextToken").asText()) : 0;
        final int end = Math.min(all.size(), offset + Math.min(maxResults, pageSize));
        final ObjectNode answer = NODES.objectNode();
        final ArrayNode page = answer.putArray("Partitions");
        all.subList(offset, end).forEach(partition -> page.add(partition.deepCopy()));
        if (end < all.size()) {
            answer.put("NextToken", Base64.getEncoder().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    private JsonNode batchGetPartition(final JsonNode request) {
        final JsonNode wanted = request.path("PartitionsToGet");
        if (wanted.size() > 1000) {
            throw new GlueError(400, "ValidationException", "1 validation error detected: Value at 'partitionsToGet' failed to satisfy"
                    + " constraint: Member must have length less than or equal to 1000");
        }
        final String databaseName = text(request, "DatabaseName");
        final String tableName = text(request, "TableName");
        existingTable(databaseName, tableName);
        final Map<List<String>, ObjectNode> existing = partitions.get(databaseName + "." + tableName);
        final ObjectNode answer = NODES.objectNode();
        final ArrayNode found = answer.putArray("Partitions");
        for (final JsonNode entry : wanted) {
            final List<String> values = new ArrayList<>();
            entry.path("Values").forEach(value -> values.add(value.asText()));
            final ObjectNode partition = existing.get(values);
            if (partition != null) {
                found.add(partition.deepCopy());
            }
        }
        answer.putArray("UnprocessedKeys");
        return answer;
    }

    private JsonNode deleteTable(final String databaseName, final String name) {
        existingTable(databaseName, name);
        tables.remove(databaseName + "." + name);
        partitions.remove(databaseName + "." + name);
        return NODES.objectNode();
    }

    private static int token(final String token) {
        try {
            final String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            return Integer.parseInt(decoded.substring("offset:".length()));
        } catch (RuntimeException e) {
            throw new GlueError(400, "InvalidInputException", "Invalid NextToken");
        }
    }

    private ObjectNode database(final String name) {
        final ObjectNode database = databases.get(name);
        if (database == null) {
            throw new GlueError(400, "EntityNotFoundException", "Database " + name + " not found.");
        }
        return database;
    }

    private ObjectNode existingTable(final String databaseName, final String name) {
        database(databaseName);
        final ObjectNode table = tables.get(databaseName + "." + name);
        if (table == null) {
            throw new GlueError(400, "EntityNotFoundException", "Table " + name + " not found.");
        }
        return table;
    }

    private static String text(final JsonNode request, final String field) {
        return name(field, request.path(field).asText(null));
    }

    private static String name(final String field, final String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_NAME) {
            throw new GlueError(400, "ValidationException", "1 validation error detected: Value at '" + field
                    + "' failed to satisfy constraint: Member must have length between 1 and " + MAX_NAME);
        }
        if (!value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new GlueError(400, "InvalidInputException", field + " must be lowercase (stand-in rule; Glue lowercases it)");
        }
        return value;
    }

    private static ObjectNode partitionError(final List<String> values, final String code, final String message) {
        final ObjectNode error = NODES.objectNode();
        final ArrayNode array = error.putArray("PartitionValues");
        values.forEach(array::add);
        error.putObject("ErrorDetail").put("ErrorCode", code).put("ErrorMessage", message);
        return error;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
