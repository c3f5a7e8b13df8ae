package io.nifidataops.healthcare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nifidataops.healthcare.FlowGroup.Bundle;
import io.nifidataops.healthcare.FlowGroup.Endpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes flow-templates/flows/healthcare/healthcare-ingestion.json, the healthcare ingestion flow definition. Run
 * {@code main} after changing this class; HealthcareFlowTest fails while the committed file differs.
 */
public final class HealthcareFlow {

    public static final String FLOW_NAME = "Healthcare ingestion";
    public static final String PARAMETER_CONTEXT = "Healthcare lake";
    public static final Path RELATIVE_PATH = Path.of("flow-templates", "flows", "healthcare", "healthcare-ingestion.json");

    /** A parameter of the context: name, whether it is a secret, its local default (null for secrets and for no value), what it is. */
    public record Parameter(String name, boolean sensitive, String value, String description) {
    }

    public static final List<Parameter> PARAMETERS = List.of(
            new Parameter("aws.region", false, "us-east-1", "AWS region of the S3 bucket and the Glue catalog"),
            new Parameter("s3.endpoint", false, "http://127.0.0.1:9090", "S3 endpoint override (MinIO, S3Mock); empty for AWS"),
            new Parameter("s3.path.style", false, "true", "Path-style S3 addressing: true for local stores, false for AWS"),
            new Parameter("glue.endpoint", false, "http://127.0.0.1:9091", "Glue endpoint override (moto, the Glue stand-in); empty for AWS"),
            new Parameter("aws.access.key.id", true, null, "Access key ID of the lake writer"),
            new Parameter("aws.secret.access.key", true, null, "Secret access key of the lake writer"),
            new Parameter("lake.bucket", false, "lake", "Bucket that holds every zone"),
            // No value rather than an empty string: RouteToLakeZone rejects a blank Default Prefix, an unset one means none
            new Parameter("lake.prefix", false, null, "Key prefix above the zone directories; leave without a value for none"),
            new Parameter("glue.database", false, "healthcare_lake", "Glue database of the structured and curated tables"),
            new Parameter("suite.dir", false, "/opt/nifi-dataops/suites", "Directory of the expectation suites, one <dataset>.json each"),
            new Parameter("views.dir", false, "/opt/nifi-dataops/views",
                    "Directory of the SQL on FHIR ViewDefinitions that flatten EHR FHIR content, one <dataset>.json each"),
            new Parameter("schema.vitals", false, DeclaredSchemas.text("vitals"),
                    "Avro schema of the structured and curated vitals tables (flow-templates/schemas/vitals.avsc): ts is a timestamp"),
            new Parameter("schema.lab_results", false, DeclaredSchemas.text("lab_results"),
                    "Avro schema of the structured lab_results table (flow-templates/schemas/lab_results.avsc): collected_at is a timestamp"),
            new Parameter("model.file", false, "/opt/nifi-dataops/model/vitals-risk.onnx", "ONNX model that scores vitals"),
            new Parameter("hospital.http.port", false, "9441", "Port on which the EHR feed posts FHIR resources (/fhir)"),
            new Parameter("device.http.port", false, "9442", "Port on which wearable gateways post NDJSON vitals (/vitals)"),
            new Parameter("lab.input.dir", false, "/opt/nifi-dataops/lab-drop", "Directory into which labs drop result CSV files"),
            // Listener TLS (FlowDeployer --listener-keystore): read by the SSL context service the deployer adds for the listeners
            new Parameter("listener.keystore", false, null, "PKCS12 keystore of the listeners' HTTPS certificate; no value: plain HTTP"),
            new Parameter("listener.keystore.password", true, null, "Password of the listeners' keystore"),
            new Parameter("listener.truststore", false, null, "PKCS12 truststore of the CAs whose client certificates the listeners accept"),
            new Parameter("listener.truststore.password", true, null, "Password of the listeners' truststore"));

    /** The datasets the sources tag and the suite directory holds a suite for; any other goes to 'Needs attention'. */
    /** The datasets FHIR content fans out to: one ViewDefinition in views.dir and one suite each. */
    public static final List<String> FHIR_DATASETS = List.of("fhir_resources", "fhir_patients", "fhir_encounters",
            "fhir_observations", "fhir_conditions");
    public static final List<String> DATASETS = Stream.concat(Stream.of("encounters", "patients", "vitals", "lab_results"),
            FHIR_DATASETS.stream()).toList();

    /** Names of components the tests and the launcher look up; NEEDS_ATTENTION names, in messages, the funnels at the end of each lane. */
    public static final String NEEDS_ATTENTION = "Needs attention";
    public static final String EHR_LISTENER = "Receive EHR resources";
    public static final String QUARANTINE_WRITER = "Write quarantine";

    private static final String RECORD_READER = "Record Reader";
    private static final String CATALOG_SERVICE = "Catalog Service";
    private static final String SUCCESS = "success";
    private static final String FAILURE = "failure";
    private static final String RETRY = "retry";
    private static final String UPDATE_ATTRIBUTE = "org.apache.nifi.processors.attributes.UpdateAttribute";
    private static final String ROUTE_TO_ZONE = "io.nifidataops.processors.RouteToLakeZone";
    private static final String PUT_LAKE = "io.nifidataops.processors.PutLakeParquet";
    private static final String REGISTER_GLUE = "io.nifidataops.processors.RegisterGlueTable";
    private static final String READER_API = "org.apache.nifi.serialization.RecordReaderFactory";
    // ListenHTTP sets no mime.type: the request's headers become attributes only when its header regex matches them, under
    // the name the client sent (apache/nifi ListenHTTPServlet.handleRequest and saveRequestDetailsAsAttributes)
    // recordreader.name of JSON sources with a declared schema (the wearable vitals)
    private static final String DECLARED_JSON = "json_declared";
    private static final String CONTENT_TYPE = "'Content-Type':replaceNull(${'content-type'}):toLower()";
    // The flattened FHIR-style arrays name their dataset in this header; without it the content type says FHIR
    private static final String DATASET_HEADER = "'X-Lake-Dataset':replaceNull(${'x-lake-dataset'}):toLower()";
    private static final List<String> ZONES = List.of("raw", "quarantine", "structured", "curated", "unmatched");

    private HealthcareFlow() {
    }

    public static void main(final String[] args) throws IOException {
        final Path target = Path.of(args.length > 0 ? args[0] : ".").resolve(RELATIVE_PATH);
        Files.createDirectories(target.getParent());
        Files.writeString(target, json());
        System.out.println("Wrote " + target);
    }

    public static String json() throws IOException {
        final ObjectNode definition = FlowGroup.MAPPER.createObjectNode();
        definition.set("flowContents", build().json());
        definition.putObject("externalControllerServices");
        final ObjectNode context = definition.putObject("parameterContexts").putObject(PARAMETER_CONTEXT);
        context.put("name", PARAMETER_CONTEXT).put("description", "Endpoints, bucket, credentials, suites and model of the healthcare lake");
        final ArrayNode parameters = context.putArray("parameters");
        for (final Parameter parameter : PARAMETERS) {
            final ObjectNode node = parameters.addObject().put("name", parameter.name()).put("description", parameter.description())
                    .put("sensitive", parameter.sensitive()).put("provided", false);
            if (parameter.value() != null) {
                node.put("value", parameter.value());
            }
        }
        context.putArray("inheritedParameterContexts");
        context.put("componentType", "PARAMETER_CONTEXT");
        definition.put("flowEncodingVersion", "1.0");
        definition.putObject("parameterProviders");
        definition.put("latest", false);
        return FlowGroup.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(definition) + "\n";
    }

    private static FlowGroup build() {
        final FlowGroup root = new FlowGroup(FLOW_NAME, "Hospital EHR, wearable vitals and lab results into a governed S3 lake:"
                + " raw landing, Great Expectations validation, zones, Parquet, Glue tables, model scores. Every setting that differs"
                + " between a laptop and AWS is a parameter of '" + PARAMETER_CONTEXT + "'.", PARAMETER_CONTEXT);
        final String json = root.service("JSON reader", "org.apache.nifi.json.JsonTreeReader", Bundle.RECORDS, READER_API,
                Bundle.SERVICES_API, Map.of());
        final String csv = root.service("CSV reader", "org.apache.nifi.csv.CSVReader", Bundle.RECORDS, READER_API, Bundle.SERVICES_API,
                Map.of("Skip Header Line", "true"));
        // FHIR content (Content-Type application/fhir+json or application/fhir+ndjson) is read through the dataset's view
        final String fhir = root.service("FHIR view reader", "io.nifidataops.fhir.FhirViewRecordReader", Bundle.DATAOPS, READER_API,
                Bundle.SERVICES_API, Map.of("View Definition Source", "DIRECTORY", "View Directory", "#{views.dir}",
                        "View File Name", "${lake.dataset}.json", "Input Format", "AUTO"));
        final String sourceReader = root.service("Source format reader", "org.apache.nifi.lookup.ReaderLookup", Bundle.RECORDS,
                READER_API, Bundle.SERVICES_API, Map.of("json", json, "csv", csv, DECLARED_JSON, json, "fhir", fhir));
        // NiFi 2.3.0 records this property (default false) in every snapshot it takes of the writer: without it, a group
        // imported from a flow registry shows "Property Added" as a local change at once (GitFlowRegistryIT). The schema of
        // what it writes goes along in avro.schema, so the view types of FHIR datasets survive the JSON between steps.
        final String writer = root.service("JSON writer", "org.apache.nifi.json.JsonRecordSetWriter", Bundle.RECORDS,
                "org.apache.nifi.serialization.RecordSetWriterFactory", Bundle.SERVICES_API, Map.of("Allow Scientific Notation", "false",
                        "Schema Write Strategy", "full-schema-attribute"));
        final String typedJson = root.service("JSON reader with the written schema", "org.apache.nifi.json.JsonTreeReader", Bundle.RECORDS,
                READER_API, Bundle.SERVICES_API, // NiFi 2.3.0 names these two properties by their old ids (display names "Schema Access Strategy", "Schema Text")
                Map.of("schema-access-strategy", "schema-text-property", "schema-text", "${avro.schema}"));
        // After validation every batch is JSON: FHIR datasets keep their view's types (timestamps, dates, decimals), the
        // others are read as before
        // Sources with a declared schema (lake.declared.schema, from the schema.* parameters): their valid records are read with it
        // into the structured zone and scoring, so text timestamps become timestamps there. Validation still reads them inferred,
        // so a value that does not fit is one invalid record, not an unreadable batch.
        final String declaredJson = root.service("JSON reader with the declared schema", "org.apache.nifi.json.JsonTreeReader",
                Bundle.RECORDS, READER_API, Bundle.SERVICES_API, Map.of("schema-access-strategy", "schema-text-property",
                        "schema-text", "${lake.declared.schema}", "Timestamp Format", "yyyy-MM-dd'T'HH:mm:ssX"));
        final String quarantined = root.service("Quarantined records reader", "org.apache.nifi.lookup.ReaderLookup", Bundle.RECORDS,
                READER_API, Bundle.SERVICES_API, Map.of("json", json, "csv", json, DECLARED_JSON, json, "fhir", typedJson));
        final String validated = root.service("Validated records reader", "org.apache.nifi.lookup.ReaderLookup", Bundle.RECORDS,
                READER_API, Bundle.SERVICES_API, Map.of("json", json, "csv", declaredJson, DECLARED_JSON, declaredJson, "fhir", typedJson));
        final String aws = root.service("Lake AWS connection", "io.nifidataops.aws.StandardAwsConnectionService", Bundle.DATAOPS,
                "io.nifidataops.aws.AwsConnectionService", Bundle.DATAOPS_API, Map.of(
                        "Region", "#{aws.region}", "S3 Endpoint Override", "#{s3.endpoint}", "Glue Endpoint Override", "#{glue.endpoint}",
                        "Use Path Style Access", "#{s3.path.style}", "Credentials Strategy", "ACCESS_KEY",
                        "Access Key ID", "#{aws.access.key.id}", "Secret Access Key", "#{aws.secret.access.key}",
                        "Verification Bucket", "#{lake.bucket}"));
        final String catalog = root.service("Lake catalog", "io.nifidataops.catalog.GlueCatalogService", Bundle.DATAOPS,
                "io.nifidataops.catalog.LakeCatalogService", Bundle.DATAOPS_API, Map.of(
                        "AWS Connection Service", aws, "Database", "#{glue.database}", "Create Database", "true"));
        final String model = root.service("Vitals risk model", "io.nifidataops.scoring.OnnxModelScoringService", Bundle.DATAOPS,
                "io.nifidataops.scoring.ModelScoringService", Bundle.DATAOPS_API, Map.of("Model File", "#{model.file}"));

        root.band("Sources");
        final Endpoint hospital = source(root, "Hospital EHR", "FHIR R4 Bundles (Content-Type application/fhir+json) and Bulk Data NDJSON"
                        + " (application/fhir+ndjson) posted to http://<host>:#{hospital.http.port}/fhir, flattened by the views in"
                        + " #{views.dir}; also FHIR R4-style Encounter and Patient JSON arrays with header X-Lake-Dataset: encounters | patients"
                        + " (the header, when present, decides)",
                listen(EHR_LISTENER, "#{hospital.http.port}", "fhir", "Takes the EHR feed's POSTs to /fhir: FHIR R4 by its Content-Type, or"
                        + " JSON arrays named by the X-Lake-Dataset header"), "hospital",
                "${" + DATASET_HEADER + ":isEmpty():ifElse(${" + CONTENT_TYPE + ":startsWith('application/fhir'):ifElse('fhir', '')}, ${"
                        + DATASET_HEADER + "})}",
                "${" + DATASET_HEADER + ":isEmpty():and(${" + CONTENT_TYPE + ":startsWith('application/fhir')}):ifElse('fhir', 'json')}", null);
        final Endpoint devices = source(root, "Wearable devices", "Vital-sign telemetry as JSON lines posted to"
                        + " http://<host>:#{device.http.port}/vitals",
                listen("Receive device vitals", "#{device.http.port}", "vitals", "Takes the wearable gateways' POSTs of NDJSON vitals"
                        + " to /vitals"), "device", "vitals", DECLARED_JSON, "#{schema.vitals}");
        final Endpoint labs = source(root, "Lab results", "Lab result CSV files dropped into #{lab.input.dir} (write them under a"
                        + " dot-name and rename: hidden files are not picked up)",
                new Step("Pick up lab files", "org.apache.nifi.processors.standard.GetFile", Map.of("Input Directory", "#{lab.input.dir}",
                        "File Filter", "[^\\.].*\\.csv", "Keep Source File", "false", "Polling Interval", "1 sec"), "1 sec",
                        "Picks up the CSV files labs drop into #{lab.input.dir} (primary node only on a cluster) and removes them"),
                "lab", "lab_results", "csv", "#{schema.lab_results}");

        root.band("Lake");
        final FlowGroup pipeline = root.child("Lake pipeline", "Shared by every source: raw landing, validation against"
                + " the suite named after the dataset in #{suite.dir}, zone routing, Parquet, Glue, scoring. Each row of steps ends in a"
                + " funnel where FlowFiles that need a person wait: failed for good (bad settings, rejected by S3 or Glue), of an"
                + " unknown dataset, or fitting no zone. During S3 or Glue outages the lake steps loop FlowFiles back through retry"
                + " instead. Queues into the funnels should stay empty.");

        pipeline.band("1 Land raw");
        final Endpoint in = pipeline.port("Records in", true);
        // In a cluster each source's deliveries arrive on whichever node received them: spreading them at the pipeline's
        // entrance keeps every node's lake steps busy; a FlowFile moves between nodes before anything is written for it
        for (final Endpoint source : List.of(hospital, devices, labs)) {
            root.connect(source, in);
            root.roundRobin(source, in);
        }
        final Endpoint toRaw = route(pipeline, "Route to raw zone", Map.of(), "Sets the raw zone's bucket and key for the delivery as it came");
        pipeline.connect(in, toRaw);
        final Endpoint landRaw = put(pipeline, aws, "Land raw", Map.of("Output Format", "RAW"), "Writes the delivery byte for byte to the raw zone");
        pipeline.connect(toRaw, landRaw, "raw");
        parkOthers(pipeline, toRaw, "raw");
        // The EHR feed names its dataset in a header: only datasets with a suite go on, by name, never as a path. A FHIR
        // delivery (dataset "fhir") lands raw once, byte for byte, then goes round once per view: RouteOnAttribute clones a
        // FlowFile to every property that matches and names the property in RouteOnAttribute.Route (RouteOnAttribute.java,
        // rel/nifi-2.3.0), so one property per view makes one copy per view
        final Map<String, String> routes = new LinkedHashMap<>(Map.of("Routing Strategy", "Route to Property name", "known",
                "${lake.dataset:in(" + String.join(",", DATASETS.stream().map(dataset -> "'" + dataset + "'").toList()) + ")}"));
        FHIR_DATASETS.forEach(view -> routes.put(view, "${recordreader.name:equals('fhir'):and(${lake.dataset:equals('fhir')})}"));
        final Endpoint known = pipeline.processor("Known datasets only", "org.apache.nifi.processors.standard.RouteOnAttribute",
                Bundle.STANDARD, routes, "0 sec");
        pipeline.comment(known, "Lets on only datasets that have a suite in #{suite.dir}; a FHIR delivery goes once to each of its"
                + " views first; any other waits in the funnel");
        pipeline.connect(landRaw, known, SUCCESS);
        final Endpoint nameView = pipeline.processor("Name the FHIR view", UPDATE_ATTRIBUTE, Bundle.STANDARD,
                Map.of("lake.dataset", "${RouteOnAttribute.Route}"), "0 sec");
        pipeline.comment(nameView, "Sets lake.dataset to the view this copy is read through: " + String.join(", ", FHIR_DATASETS));
        pipeline.connect(known, nameView, FHIR_DATASETS.toArray(String[]::new));
        pipeline.connect(nameView, known, SUCCESS);
        pipeline.park(landRaw, FAILURE);
        pipeline.park(known, "unmatched");

        pipeline.band("2 Validate and structure");
        final Map<String, String> validation = new LinkedHashMap<>(Map.of(RECORD_READER, sourceReader, "Record Writer", writer,
                "Suite Source", "SUITE_DIRECTORY", "Suite Directory", "#{suite.dir}", "Suite Name", "${lake.dataset}"));
        validation.putAll(Map.of("Result Format", "SUMMARY", "Failed Expectations Field", "failed_expectations"));
        final Endpoint validate = pipeline.processor("Validate against suite", "io.nifidataops.processors.ValidateRecordExpectations",
                Bundle.DATAOPS, validation, "0 sec");
        pipeline.comment(validate, "Checks every record against the suite named after lake.dataset: good ones to valid, broken ones"
                + " to invalid, the validation report to report");
        pipeline.connect(known, validate, "known");

        // RouteToLakeZone goes by validation.outcome: valid records of a batch that also held bad ones reach structured
        final Endpoint routeRecords = route(pipeline, "Route records", Map.of(), "Valid records to the structured zone, invalid ones"
                + " to quarantine");
        pipeline.connect(validate, routeRecords, "valid", "invalid");
        final Endpoint structured = put(pipeline, aws, "Write structured", Map.of(RECORD_READER, validated,
                CATALOG_SERVICE, catalog), "Writes valid records as partitioned Parquet to the structured zone and creates or evolves"
                + " its Glue table");
        pipeline.connect(routeRecords, structured, "structured");
        pipeline.park(structured, FAILURE);
        final Endpoint registerStructured = register(pipeline, "Register structured table", catalog, "Adds the new partitions of the"
                + " structured table to Glue");
        pipeline.connect(structured, registerStructured, SUCCESS);
        pipeline.park(registerStructured, FAILURE);
        parkOthers(pipeline, routeRecords, "quarantine", "structured");

        final Endpoint keepReports = put(pipeline.under(validate), aws, "Quarantine reports", Map.of(
                "Output Format", "RAW", "Zone", "quarantine",
                "Dataset", "${lake.dataset}_${validation.error:isEmpty():ifElse('reports','unreadable')}"),
                "Keeps each validation report, and content that could not be read at all, in the quarantine zone");
        pipeline.connect(validate, keepReports, "report", FAILURE);
        pipeline.park(keepReports, FAILURE);
        final Endpoint quarantine = put(pipeline.under(routeRecords), aws, QUARANTINE_WRITER, Map.of(RECORD_READER, quarantined),
                "Writes invalid records, with the expectations they broke, as Parquet to the quarantine zone");
        pipeline.connect(routeRecords, quarantine, "quarantine");
        pipeline.park(quarantine, FAILURE);

        pipeline.band("3 Score and curate");
        final Endpoint vitals = pipeline.processor("Vitals only", "org.apache.nifi.processors.standard.RouteOnAttribute", Bundle.STANDARD,
                Map.of("Routing Strategy", "Route to Property name", "vitals", "${lake.dataset:equals('vitals')}"), "0 sec",
                "unmatched");
        pipeline.comment(vitals, "Only vitals are scored; the other datasets end in the structured zone");
        pipeline.connect(registerStructured, vitals, SUCCESS);
        final Endpoint score = pipeline.processor("Score deterioration risk", "io.nifidataops.processors.ScoreRecords", Bundle.DATAOPS,
                Map.of(RECORD_READER, validated, "Record Writer", writer, "Model Scoring Service", model,
                        "Feature Fields", "heart_rate, spo2, temperature_c, systolic_bp, respiratory_rate",
                        "Missing Value Policy", "SKIP_SCORING", "Score Field", "risk_score", "Score Class", "high",
                        "Label Field", "risk_label", "Batch Size", "1000"), "0 sec");
        pipeline.comment(score, "Adds risk_score and risk_label from the vitals risk model (ONNX) to every complete record");
        pipeline.connect(vitals, score, "vitals");
        // A model server that fails now and then: NiFi retries the FlowFile (penalized, back-off doubling) before it parks
        pipeline.retry(score, RETRY);
        pipeline.park(score, FAILURE, RETRY);
        final Endpoint routeScored = route(pipeline, "Route scored records", Map.of("Curated Rule", "${model.name:isEmpty():not()}"),
                "Scored record sets to the curated zone");
        pipeline.connect(score, routeScored, SUCCESS);
        parkOthers(pipeline, routeScored, "curated");
        // ScoreRecords' writer states the scored records' schema (declared types + scores) in avro.schema
        final Endpoint curated = put(pipeline, aws, "Write curated", Map.of(RECORD_READER, typedJson, CATALOG_SERVICE, catalog),
                "Writes scored vitals as partitioned Parquet to the curated zone and creates or evolves its Glue table");
        pipeline.connect(routeScored, curated, "curated");
        pipeline.park(curated, FAILURE);
        final Endpoint registerCurated = register(pipeline, "Register curated table", catalog, "Adds the new partitions of the curated"
                + " table to Glue");
        pipeline.connect(curated, registerCurated, SUCCESS);
        pipeline.park(registerCurated, FAILURE);
        // PutLakeParquet's and the other processors' remaining relationships end in auto-termination (see put/register)
        return root;
    }

    /** One ingest step of a source group. */
    private record Step(String name, String type, Map<String, String> properties, String schedulingPeriod, String comments) {
    }

    private static Step listen(final String name, final String port, final String basePath, final String comments) {
        return new Step(name, "org.apache.nifi.processors.standard.ListenHTTP", Map.of("Listening Port", port, "Base Path", basePath,
                "HTTP Headers to receive as Attributes (Regex)", "(?i)x-lake-dataset|content-type", "Return Code", "200"), "0 sec", comments);
    }

    /** A source group: the ingest step, tagging with lake.source/lake.dataset, and its output port; returns the port. */
    private static Endpoint source(final FlowGroup root, final String name, final String comments, final Step ingest,
                                   final String source, final String dataset, final String format, final String declaredSchema) {
        final FlowGroup group = root.child(name, comments);
        final Endpoint receive = group.processor(ingest.name(), ingest.type(), Bundle.STANDARD, ingest.properties(),
                ingest.schedulingPeriod());
        group.comment(receive, ingest.comments());
        if (ingest.type().endsWith(".GetFile")) {
            // On a cluster the drop directory is one shared directory: only one node may pick its files up
            group.primaryNodeOnly(receive);
        }
        final Map<String, String> tags = new LinkedHashMap<>();
        tags.put("lake.source", source);
        tags.put("lake.dataset", dataset);
        tags.put("lake.ingest.date", "${now():format('yyyy-MM-dd', 'GMT')}");
        tags.put("recordreader.name", format);
        if (declaredSchema != null) {
            tags.put("lake.declared.schema", declaredSchema);
        }
        final Endpoint tag = group.processor("Tag " + source + " source", UPDATE_ATTRIBUTE, Bundle.STANDARD, tags, "0 sec");
        group.comment(tag, "Sets lake.source, lake.dataset, lake.ingest.date, the reader to use (recordreader.name) and a declared"
                + " schema where the source has one");
        group.connect(receive, tag, SUCCESS);
        final Endpoint out = group.port("To lake", false);
        group.connect(tag, out, SUCCESS);
        return out;
    }

    private static Endpoint route(final FlowGroup group, final String name, final Map<String, String> extra, final String comments) {
        final Map<String, String> properties = new LinkedHashMap<>(Map.of("Default Bucket", "#{lake.bucket}", "Default Prefix", "#{lake.prefix}"));
        properties.putAll(extra);
        final Endpoint router = group.processor(name, ROUTE_TO_ZONE, Bundle.DATAOPS, properties, "0 sec");
        group.comment(router, comments);
        return router;
    }

    /** Every zone relationship but the expected ones goes to the funnel of the router's row: nothing is dropped silently. */
    private static void parkOthers(final FlowGroup group, final Endpoint router, final String... expected) {
        final List<String> others = ZONES.stream().filter(zone -> !List.of(expected).contains(zone)).toList();
        group.park(router, others.toArray(String[]::new));
    }

    private static Endpoint put(final FlowGroup group, final String aws, final String name, final Map<String, String> extra,
                                final String comments) {
        final Map<String, String> properties = new LinkedHashMap<>(Map.of("AWS Connection Service", aws,
                "Partition Attributes", "lake.ingest.date"));
        properties.putAll(extra);
        // The quarantine writers end their branch; the others feed the catalog step
        final String[] terminated = name.contains("uarantine") ? new String[] {SUCCESS} : new String[0];
        final Endpoint writer = group.processor(name, PUT_LAKE, Bundle.DATAOPS, properties, "0 sec", terminated);
        group.comment(writer, comments);
        return retryingItself(group, writer);
    }

    private static Endpoint register(final FlowGroup group, final String name, final String catalog, final String comments) {
        final String[] terminated = name.contains("curated") ? new String[] {SUCCESS} : new String[0];
        final Endpoint registrar = group.processor(name, REGISTER_GLUE, Bundle.DATAOPS, Map.of(CATALOG_SERVICE, catalog), "0 sec", terminated);
        group.comment(registrar, comments);
        return retryingItself(group, registrar);
    }

    // An S3 or Glue outage can last longer than any retry count: the penalized FlowFile goes back to the processor's own queue,
    // where it waits out its penalty while others pass, until the service is back. Nothing parks, nothing is lost.
    private static Endpoint retryingItself(final FlowGroup group, final Endpoint processor) {
        group.connect(processor, processor, RETRY);
        return processor;
    }
}
