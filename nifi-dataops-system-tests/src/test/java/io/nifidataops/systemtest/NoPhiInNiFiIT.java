package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.PhiMarkerCorpus;
import io.nifidataops.testing.PhiMarkerCorpus.BadInput;
import io.nifidataops.testing.S3TestServer;
import io.nifidataops.testing.SelfSignedTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PHI-safe error policy inside a real NiFi 2.3.0, checked where an operator looks. Bad inputs that carry a marker where a
 * patient's data would be (NoPhiInErrorsTest's corpus: malformed JSON and CSV, values that fail coercion under an explicit
 * reader schema, an out-of-range number, bad timestamps; features of the wrong type for ScoreRecords with the shipped ONNX
 * model) go through ValidateRecordExpectations with JsonTreeReader and CSVReader, PutLakeParquet and ScoreRecords. They
 * must land on failure with an error attribute, and the marker must appear in no log line at INFO and above, no bulletin,
 * no provenance event (details and every attribute, previous and updated, as GET provenance-events/{id} shows them) and no
 * attribute of the FlowFiles on the failure queues. In the same flow, PutLakeParquet pointed at an HTTPS S3 endpoint whose
 * self-signed certificate NiFi's JVM does not trust sends its FlowFile to failure once, with lake.error.code TlsFailure,
 * although its retry relationship loops back to it as in the healthcare flow.
 */
class NoPhiInNiFiIT {

    private static final String MARKER = PhiMarkerCorpus.MARKER;

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @TempDir
    static Path tmp;


    private static final String OTHER_FEATURES = "\"spo2\": 98, \"temperature_c\": 36.8, \"systolic_bp\": 125, \"respiratory_rate\": 14";
    /** Features ScoreRecords cannot give the model: text, a record, a number beyond float (with the marker in another field). */
    private static final List<String> WRONG_FEATURES = List.of(
            "[{\"heart_rate\": \"" + MARKER + "\", " + OTHER_FEATURES + "}]",
            "[{\"heart_rate\": {\"note\": \"" + MARKER + "\"}, " + OTHER_FEATURES + "}]",
            "[{\"heart_rate\": 1e39, " + OTHER_FEATURES + ", \"note\": \"" + MARKER + "\"}]");

    private static final String BUCKET = "no-phi-system-test";
    private static final String LAKE_WRITER = "Write bad vitals";
    private static final String TLS_WRITER = "Write to an untrusted S3";
    private static final String SCORER = "Score bad features";
    private static final Path MODEL = Path.of("../flow-templates/model/vitals-risk.onnx").toAbsolutePath().normalize();
    private static final Set<String> VALIDATE_RELATIONSHIPS = Set.of("valid", "invalid", "report", "failure");
    private static final Set<String> WRITER_RELATIONSHIPS = Set.of("success", "retry", "failure");
    private static final Pattern LOG_LEVEL = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) ");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NiFiInstance nifi;
    private static NiFiClient client;
    private static HttpsServer untrustedS3;
    private static final AtomicInteger untrustedS3Requests = new AtomicInteger();
    private static String groupId;
    /** Failure FlowFiles each processor must emit, and the attribute that must say why. */
    private static final Map<String, Integer> EXPECTED_FAILURES = new LinkedHashMap<>();
    private static final Map<String, String> ERROR_ATTRIBUTE = new LinkedHashMap<>();
    /** Every bulletin seen while the flow ran: NiFi keeps only the last few per component. */
    private static final Map<Long, JsonNode> BULLETINS = new ConcurrentHashMap<>();

    @BeforeAll
    static void runTheFlow() throws Exception {
        S3.createBucket(BUCKET);
        final SelfSignedTls tls = SelfSignedTls.generate(tmp);
        untrustedS3 = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        untrustedS3.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        untrustedS3.createContext("/", exchange -> {
            untrustedS3Requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        untrustedS3.start();

        nifi = SystemTestNiFi.start("no-phi", "768m");
        client = nifi.client();
        groupId = client.uploadFlowDefinition(client.rootGroupId(), "No PHI in errors", flowDefinition(), 0, 0);
        configureAws("S3", S3.endpoint().toString());
        configureAws("Untrusted S3", "https://127.0.0.1:" + untrustedS3.getAddress().getPort());
        nifi.startGroupWhenValid(groupId);
        try {
            NiFiClient.awaitCondition("every bad input through its processor", Duration.ofSeconds(180), () -> {
                collectBulletins();
                return EXPECTED_FAILURES.entrySet().stream().allMatch(expected -> emitted(expected.getKey()) >= expected.getValue());
            });
        } catch (final IllegalStateException e) {
            throw new AssertionError(e.getMessage() + ": " + client.queues(groupId) + "\n" + nifi.logTail(), e);
        } finally {
            client.stopProcessGroup(groupId);
        }
        collectBulletins();
    }

    @AfterAll
    static void stopNiFi() {
        if (nifi != null) {
            nifi.close();
        }
        if (untrustedS3 != null) {
            untrustedS3.stop(0);
        }
    }

    @Test
    void testBadInputsFailWithoutTheMarkerInLogsBulletinsProvenanceOrAttributes() throws IOException {
        // Each bad input landed on its processor's failure queue and nowhere else, explained in an error attribute
        final Map<String, List<Map<String, String>>> failed = new LinkedHashMap<>();
        for (final Map.Entry<String, Integer> expected : EXPECTED_FAILURES.entrySet()) {
            final String processor = expected.getKey();
            assertThat(client.queues(groupId)).as("queues of %s", processor)
                    .filteredOn(queue -> queue.source().equals(processor) && !queue.relationships().contains("failure"))
                    .isNotEmpty().allSatisfy(queue -> assertThat(queue.flowFiles()).as("%s %s", processor, queue.relationships()).isZero());
            final List<Map<String, String>> attributes = client.queuedAttributes(queue(processor, "failure").connectionId());
            assertThat(attributes).as("FlowFiles of %s on failure", processor).hasSize(expected.getValue())
                    .allSatisfy(flowFile -> assertThat(flowFile.get(ERROR_ATTRIBUTE.get(processor))).as("%s of %s", ERROR_ATTRIBUTE.get(processor), processor)
                            .isNotBlank());
            failed.put(processor, attributes);
        }
        assertThat(failed.get(SCORER)).allSatisfy(flowFile -> assertThat(flowFile).containsEntry("score.error.kind", "permanent")
                .hasEntrySatisfying("score.error", error -> assertThat(error).startsWith("Records could not be scored")));
        assertThat(failed.get(LAKE_WRITER)).allSatisfy(flowFile -> assertThat(flowFile.get("lake.error.code")).isNotBlank());
        failed.forEach((processor, flowFiles) -> assertThat(flowFiles).as("attributes on failure of %s", processor)
                .allSatisfy(flowFile -> assertThat(flowFile.toString()).doesNotContain(MARKER)));

        // Provenance: an event of each failed FlowFile at its processor holds the error attribute; no event holds the marker
        final List<JsonNode> events = provenanceOf(failed);
        for (final Map.Entry<String, List<Map<String, String>>> processor : failed.entrySet()) {
            for (final Map<String, String> flowFile : processor.getValue()) {
                assertThat(events).as("provenance of %s at %s", flowFile.get("uuid"), processor.getKey())
                        .anySatisfy(event -> {
                            assertThat(event.path("componentName").asText()).isEqualTo(processor.getKey());
                            assertThat(event.path("flowFileUuid").asText()).isEqualTo(flowFile.get("uuid"));
                            assertThat(attribute(event, ERROR_ATTRIBUTE.get(processor.getKey()))).isNotBlank();
                        });
            }
        }
        assertThat(events).allSatisfy(event -> assertThat(event.toString()).as("provenance event %s", event.path("eventId"))
                .doesNotContain(MARKER));

        // Bulletins: each processor reported its failures, never with the marker. Bad content is quarantined by design: a
        // WARNING and no ERROR; the untrusted certificate needs a person: ERROR
        final List<JsonNode> bulletins = List.copyOf(BULLETINS.values());
        for (final String processor : EXPECTED_FAILURES.keySet()) {
            final String level = processor.equals(TLS_WRITER) ? "ERROR" : "WARNING";
            assertThat(bulletins).as("bulletins of %s", processor)
                    .filteredOn(bulletin -> bulletin.path("sourceName").asText().equals(processor))
                    .isNotEmpty().allSatisfy(bulletin -> assertThat(bulletin.path("level").asText()).isEqualTo(level));
        }
        assertThat(bulletins).allSatisfy(bulletin -> assertThat(bulletin.toString()).doesNotContain(MARKER));

        // Logs: the failures are in nifi-app.log, and no line at INFO and above anywhere in logs/ holds the marker
        final Path logs = nifi.appLog().getParent();
        assertThat(Files.readString(nifi.appLog(), StandardCharsets.UTF_8))
                .contains("Records could not be validated", "Records could not be scored", "to the lake failed");
        int logLines = 0;
        try (Stream<Path> files = Files.list(logs)) {
            final List<Path> logFiles = files.filter(Files::isRegularFile).toList();
            assertThat(logFiles).contains(nifi.appLog());
            for (final Path file : logFiles) {
                final List<String> lines = linesAtInfoAndAbove(file);
                assertThat(lines).as("%s at INFO and above", file.getFileName()).allSatisfy(line -> assertThat(line).doesNotContain(MARKER));
                logLines += lines.size();
            }
        }
        System.out.println("Without " + MARKER + ": " + failed.values().stream().mapToInt(List::size).sum() + " FlowFiles on failure, "
                + events.size() + " provenance events, " + bulletins.size() + " bulletins, " + logLines + " log lines");
    }

    @Test
    void testAnUntrustedS3CertificateFailsTheFlowFileOnceWithTlsFailure() {
        final List<Map<String, String>> failed = client.queuedAttributes(queue(TLS_WRITER, "failure").connectionId());
        assertThat(failed).singleElement().satisfies(flowFile -> assertThat(flowFile)
                .containsEntry("lake.error.code", "TlsFailure")
                .hasEntrySatisfying("lake.error", error -> assertThat(error).startsWith("TLS with the endpoint failed")));
        assertThat(queue(TLS_WRITER, "retry").destination()).as("retry loops back, as in the healthcare flow").isEqualTo(TLS_WRITER);
        assertThat(queue(TLS_WRITER, "retry").flowFiles()).as("FlowFiles on retry").isZero();
        assertThat(queue(TLS_WRITER, "success").flowFiles()).as("FlowFiles on success").isZero();
        assertThat(untrustedS3Requests).as("HTTP requests that got past the TLS handshake").hasValue(0);

        // Once: the writer handled the FlowFile in one session (one provenance event), not in a loop through retry
        final String uuid = failed.getFirst().get("uuid");
        assertThat(provenanceOf(Map.of(TLS_WRITER, failed)))
                .filteredOn(event -> event.path("componentName").asText().equals(TLS_WRITER) && event.path("flowFileUuid").asText().equals(uuid))
                .singleElement().satisfies(event -> assertThat(attribute(event, "lake.error.code")).isEqualTo("TlsFailure"));
        assertThat(BULLETINS.values()).as("ERROR bulletins of %s", TLS_WRITER).anySatisfy(bulletin -> {
            assertThat(bulletin.path("sourceName").asText()).isEqualTo(TLS_WRITER);
            assertThat(bulletin.path("message").asText()).contains("TLS with the endpoint failed");
        });
    }

    // --- the flow ------------------------------------------------------------------------------------------------

    /**
     * One generator per bad input (run once: every day) into the processors under test, each relationship of those on its own
     * queue to a funnel, built from the components of the flow definitions the other system tests import.
     */
    static byte[] flowDefinition() throws IOException {
        final ObjectNode definition = (ObjectNode) JSON.readTree(resource("/flows/lake-zones-parquet.json"));
        final JsonNode lake = JSON.readTree(resource("/flows/lake-zones-parquet.json")).get("flowContents");
        final JsonNode validate = JSON.readTree(resource("/flows/validate-record-expectations.json")).get("flowContents");
        final JsonNode score = JSON.readTree(resource("/flows/score-records.json")).get("flowContents");
        final FlowBuilder flow = new FlowBuilder(definition);

        final String jsonReader = flow.service(named(lake, "controllerServices", "JsonTreeReader"), "JSON reader", null, Map.of());
        final Map<String, String> schema = Map.of("schema-access-strategy", "schema-text-property", "schema-text", PhiMarkerCorpus.VITALS_SCHEMA);
        final String jsonSchemaReader = flow.service(named(lake, "controllerServices", "JsonTreeReader"), "JSON reader with schema", null, schema);
        final String csvReader = flow.service(named(lake, "controllerServices", "JsonTreeReader"), "CSV reader", "org.apache.nifi.csv.CSVReader", Map.of());
        final String csvSchemaReader = flow.service(named(lake, "controllerServices", "JsonTreeReader"), "CSV reader with schema",
                "org.apache.nifi.csv.CSVReader", schema);
        final String jsonWriter = flow.service(named(validate, "controllerServices", "JsonRecordSetWriter"), "JSON writer", null, Map.of());
        final JsonNode aws = named(lake, "controllerServices", "AWS connection");
        final String s3 = flow.service(aws, "S3", null, properties(aws));
        final String untrusted = flow.service(aws, "Untrusted S3", null, properties(aws));
        final JsonNode onnx = named(score, "controllerServices", "Vitals risk model (ONNX)");
        final Map<String, String> onnxProperties = properties(onnx);
        onnxProperties.put("Model File", MODEL.toString());
        final String model = flow.service(onnx, "Vitals risk model (ONNX)", null, onnxProperties);

        final JsonNode generator = named(lake, "processors", "Generate vitals");
        final JsonNode validator = named(validate, "processors", "Validate vitals");
        final JsonNode writer = named(lake, "processors", "Write Parquet");
        final JsonNode scorer = named(score, "processors", "Score deterioration risk");

        final Map<String, String> readers = Map.of("Validate (JSON)", jsonReader, "Validate (JSON, schema)", jsonSchemaReader,
                "Validate (CSV)", csvReader, "Validate (CSV, schema)", csvSchemaReader);
        readers.keySet().stream().sorted().forEach(name -> {
            final Map<String, String> properties = properties(validator);
            properties.putAll(Map.of("Record Reader", readers.get(name), "Record Writer", jsonWriter, "Expectation Suite", PhiMarkerCorpus.SUITE));
            flow.processor(validator, name, properties, 400);
            VALIDATE_RELATIONSHIPS.forEach(relationship -> flow.toFunnel(name, relationship));
            ERROR_ATTRIBUTE.put(name, "validation.error");
        });
        flow.processor(writer, LAKE_WRITER, Map.of("Record Reader", jsonSchemaReader, "AWS Connection Service", s3, "Bucket", BUCKET,
                "Zone", "structured", "Source", "device", "Dataset", "vitals"), 400);
        WRITER_RELATIONSHIPS.forEach(relationship -> flow.toFunnel(LAKE_WRITER, relationship));
        ERROR_ATTRIBUTE.put(LAKE_WRITER, "lake.error");
        final Map<String, String> scoring = properties(scorer);
        scoring.putAll(Map.of("Record Reader", jsonReader, "Record Writer", jsonWriter, "Model Scoring Service", model));
        scoring.remove("Missing Value Policy"); // the default, as in NoPhiInErrorsTest
        flow.processor(scorer, SCORER, scoring, 400);
        WRITER_RELATIONSHIPS.forEach(relationship -> flow.toFunnel(SCORER, relationship));
        ERROR_ATTRIBUTE.put(SCORER, "score.error");
        final Map<String, String> tlsWriter = properties(writer);
        tlsWriter.putAll(Map.of("Record Reader", jsonReader, "AWS Connection Service", untrusted, "Bucket", BUCKET, "Zone", "structured",
                "Source", "hospital", "Dataset", "vitals"));
        flow.processor(writer, TLS_WRITER, tlsWriter, 400);
        flow.toFunnel(TLS_WRITER, "success");
        flow.toFunnel(TLS_WRITER, "failure");
        flow.connect(TLS_WRITER, "retry", flow.id(TLS_WRITER), "PROCESSOR", TLS_WRITER);
        EXPECTED_FAILURES.put(TLS_WRITER, 1);
        ERROR_ATTRIBUTE.put(TLS_WRITER, "lake.error");

        for (final BadInput input : PhiMarkerCorpus.BAD_INPUTS) {
            final String name = "Bad input: " + input.name();
            flow.generator(generator, name, input.content());
            final String validatorName = "Validate (" + (input.csv() ? "CSV" : "JSON") + (input.readerSchema() != null ? ", schema)" : ")");
            flow.connect(name, "success", flow.id(validatorName), "PROCESSOR", validatorName);
            EXPECTED_FAILURES.merge(validatorName, 1, Integer::sum);
            if (!input.csv()) {
                flow.connect(name, "success", flow.id(LAKE_WRITER), "PROCESSOR", LAKE_WRITER);
                EXPECTED_FAILURES.merge(LAKE_WRITER, 1, Integer::sum);
            }
        }
        for (int i = 0; i < WRONG_FEATURES.size(); i++) {
            final String name = "Wrong features " + (i + 1);
            flow.generator(generator, name, WRONG_FEATURES.get(i));
            flow.connect(name, "success", flow.id(SCORER), "PROCESSOR", SCORER);
            EXPECTED_FAILURES.merge(SCORER, 1, Integer::sum);
        }
        // Good records: only the TLS handshake stands between them and the lake
        final String vitals = "Vitals for the untrusted S3";
        flow.generator(generator, vitals, properties(generator).get("generate-ff-custom-text"));
        flow.connect(vitals, "success", flow.id(TLS_WRITER), "PROCESSOR", TLS_WRITER);
        return JSON.writeValueAsBytes(definition);
    }

    /** Processors, services and connections cloned from template components into the lake flow's group, with new ids. */
    private static final class FlowBuilder {
        private final ObjectNode contents;
        private final String group;
        private final JsonNode connectionTemplate;
        private final String funnel;
        private final Map<Integer, Integer> columns = new LinkedHashMap<>();

        FlowBuilder(final ObjectNode definition) {
            contents = (ObjectNode) definition.get("flowContents");
            contents.put("name", "No PHI in errors").put("comments", "Imported by NoPhiInNiFiIT: bad inputs carrying a marker into"
                    + " ValidateRecordExpectations, PutLakeParquet and ScoreRecords, and good records into PutLakeParquet on an untrusted S3 endpoint.");
            group = contents.get("identifier").asText();
            connectionTemplate = contents.get("connections").get(0);
            final ObjectNode sink = ((ObjectNode) contents.get("funnels").get(0)).deepCopy();
            funnel = id("Sink");
            sink.put("identifier", funnel);
            ((ObjectNode) sink.get("position")).put("x", 0).put("y", 800);
            contents.putArray("funnels").add(sink);
            contents.putArray("processors");
            contents.putArray("controllerServices");
            contents.putArray("connections");
        }

        String id(final String name) {
            return UUID.nameUUIDFromBytes(("no-phi/" + name).getBytes(StandardCharsets.UTF_8)).toString();
        }

        String service(final JsonNode template, final String name, final String type, final Map<String, String> properties) {
            final ObjectNode service = template.deepCopy();
            service.put("identifier", id(name)).put("name", name).put("groupIdentifier", group);
            if (type != null) {
                service.put("type", type);
            }
            service.putObject("propertyDescriptors");
            final ObjectNode values = service.putObject("properties");
            properties.forEach(values::put);
            ((ArrayNode) contents.get("controllerServices")).add(service);
            return id(name);
        }

        /** A GenerateFlowFile that emits the content once: on start, then a day later. */
        void generator(final JsonNode template, final String name, final String content) {
            processor(template, name, Map.of("File Size", "0B", "Batch Size", "1", "Data Format", "Text", "Unique FlowFiles", "false",
                    "generate-ff-custom-text", content, "character-set", "UTF-8"), 0).put("schedulingPeriod", "1 day");
        }

        ObjectNode processor(final JsonNode template, final String name, final Map<String, String> properties, final int y) {
            final ObjectNode processor = template.deepCopy();
            processor.put("identifier", id(name)).put("name", name).put("groupIdentifier", group);
            processor.putObject("propertyDescriptors");
            final ObjectNode values = processor.putObject("properties");
            properties.forEach(values::put);
            processor.putArray("autoTerminatedRelationships");
            processor.putArray("retriedRelationships");
            final int column = columns.merge(y, 1, Integer::sum) - 1;
            ((ObjectNode) processor.get("position")).put("x", column * 420).put("y", y);
            ((ArrayNode) contents.get("processors")).add(processor);
            return processor;
        }

        void toFunnel(final String source, final String relationship) {
            connect(source, relationship, funnel, "FUNNEL", "Funnel");
        }

        void connect(final String source, final String relationship, final String destinationId, final String destinationType,
                     final String destinationName) {
            final ObjectNode connection = connectionTemplate.deepCopy();
            connection.put("identifier", id(source + "/" + relationship + "/" + destinationId)).put("groupIdentifier", group);
            ((ObjectNode) connection.get("source")).put("id", id(source)).put("type", "PROCESSOR").put("groupId", group).put("name", source);
            ((ObjectNode) connection.get("destination")).put("id", destinationId).put("type", destinationType).put("groupId", group)
                    .put("name", destinationName);
            connection.putArray("selectedRelationships").add(relationship);
            connection.putArray("bends");
            ((ArrayNode) contents.get("connections")).add(connection);
        }
    }

    private static JsonNode named(final JsonNode contents, final String kind, final String name) {
        for (final JsonNode component : contents.get(kind)) {
            if (component.path("name").asText().equals(name)) {
                return component;
            }
        }
        throw new AssertionError("No " + name + " among the " + kind);
    }

    private static Map<String, String> properties(final JsonNode component) {
        final Map<String, String> properties = new LinkedHashMap<>();
        component.path("properties").properties().forEach(property -> properties.put(property.getKey(), property.getValue().asText()));
        return properties;
    }

    private static byte[] resource(final String name) throws IOException {
        try (InputStream in = NoPhiInNiFiIT.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    // --- reading NiFi back ---------------------------------------------------------------------------------------

    private static void configureAws(final String name, final String endpoint) {
        final String serviceId = client.controllerServices(groupId).stream()
                .filter(service -> name.equals(service.path("component").path("name").asText()))
                .map(service -> service.path("id").asText())
                .findFirst().orElseThrow(() -> new AssertionError("No service " + name));
        client.updateControllerServiceProperties(serviceId, Map.of("S3 Endpoint Override", endpoint,
                "Secret Access Key", S3TestServer.SECRET_ACCESS_KEY));
    }

    private static void collectBulletins() {
        client.bulletins().forEach(bulletin -> BULLETINS.put(bulletin.path("id").asLong(), bulletin));
    }

    /** FlowFiles the processor has sent to any of its queues (a self-loop holds none while the processor is idle). */
    private static int emitted(final String processor) {
        return client.queues(groupId).stream().filter(queue -> queue.source().equals(processor)).mapToInt(NiFiClient.Queue::flowFiles).sum();
    }

    private static NiFiClient.Queue queue(final String processor, final String relationship) {
        return client.queues(groupId).stream()
                .filter(queue -> queue.source().equals(processor) && queue.relationships().contains(relationship))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No connection for " + processor + " / " + relationship));
    }

    /**
     * Every provenance event, each in full as GET provenance-events/{id} returns it, once NiFi has indexed an event of each given
     * FlowFile at its processor.
     */
    private static List<JsonNode> provenanceOf(final Map<String, List<Map<String, String>>> flowFiles) {
        NiFiClient.awaitCondition("provenance of the failed FlowFiles", Duration.ofSeconds(60), () -> {
            final List<JsonNode> events = client.provenanceEvents(1000);
            return flowFiles.entrySet().stream().allMatch(processor -> processor.getValue().stream().allMatch(flowFile -> events.stream()
                    .anyMatch(event -> event.path("componentName").asText().equals(processor.getKey())
                            && event.path("flowFileUuid").asText().equals(flowFile.get("uuid")))));
        });
        final List<JsonNode> events = new ArrayList<>();
        for (final JsonNode summary : client.provenanceEvents(1000)) {
            events.add(client.provenanceEvent(summary.path("eventId").asLong()));
        }
        return events;
    }

    /** The value an event's attribute had after the event (null if it had none). */
    private static String attribute(final JsonNode event, final String name) {
        for (final JsonNode attribute : event.path("attributes")) {
            if (attribute.path("name").asText().equals(name)) {
                return attribute.path("value").isNull() ? null : attribute.path("value").asText();
            }
        }
        return null;
    }

    /** Lines logged at INFO, WARN or ERROR; a line without a level (a stack trace, process output) counts with its entry's. */
    private static List<String> linesAtInfoAndAbove(final Path file) throws IOException {
        final List<String> lines = new ArrayList<>();
        boolean included = true;
        for (final String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            final Matcher level = LOG_LEVEL.matcher(line);
            if (level.find()) {
                included = !Set.of("TRACE", "DEBUG").contains(level.group(1));
            }
            if (included) {
                lines.add(line);
            }
        }
        return lines;
    }
}
