package io.nifidataops.processors;

import io.nifidataops.aws.StandardAwsConnectionService;
import io.nifidataops.scoring.OnnxModelScoringService;
import io.nifidataops.scoring.TestModels;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.PhiMarkerCorpus;
import io.nifidataops.testing.PhiMarkerCorpus.BadInput;
import io.nifidataops.testing.LakeAttributesFixture;
import io.nifidataops.testing.S3TestServer;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Bad inputs that carry a marker where a patient's data would be, run through every processor and service: the marker
 * must never reach a FlowFile attribute, a provenance event or a log message at INFO and above (a logged Throwable
 * counts, with its causes), which is where NiFi copies error texts to bulletins, provenance and other systems.
 */
class NoPhiInErrorsTest {

    static final String MARKER = PhiMarkerCorpus.MARKER;

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @RegisterExtension
    final GlueStandIn glue = new GlueStandIn();

    @TempDir
    Path tmp;

    static Stream<BadInput> badInputs() {
        return PhiMarkerCorpus.BAD_INPUTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void validateRecordExpectationsNeverEchoesTheInput(final BadInput input) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(ValidateRecordExpectations.class);
        runner.setProperty(ValidateRecordExpectations.RECORD_READER, reader(runner, input));
        runner.setProperty(ValidateRecordExpectations.RECORD_WRITER, writer(runner));
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, PhiMarkerCorpus.SUITE);
        runner.enqueue(input.content());
        runner.run();

        assertThat(runner.getQueueSize().getObjectCount()).isZero();
        assertNoLeak(runner, MARKER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void scoreRecordsNeverEchoesTheInput(final BadInput input) throws InitializationException {
        final TestRunner runner = scoringRunner(input);
        runner.enqueue(input.content());
        runner.run();

        assertThat(runner.getQueueSize().getObjectCount()).isZero();
        assertNoLeak(runner, MARKER);
    }

    @Test
    void failuresAreExplainedInOurWords() throws InitializationException {
        final TestRunner validate = TestRunners.newTestRunner(ValidateRecordExpectations.class);
        validate.setProperty(ValidateRecordExpectations.RECORD_READER, reader(validate, badInputs().findFirst().orElseThrow()));
        validate.setProperty(ValidateRecordExpectations.RECORD_WRITER, writer(validate));
        validate.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, PhiMarkerCorpus.SUITE);
        validate.enqueue(badInputs().findFirst().orElseThrow().content());
        validate.run();

        validate.getFlowFilesForRelationship(ValidateRecordExpectations.REL_FAILURE).getFirst().assertAttributeEquals("validation.error",
                "Records could not be validated (after 0 records): MalformedRecordException; caused by JsonParseException at line 1, column 62");
        assertThat(validate.getLogger().getErrorMessages()).isEmpty();
        assertThat(validate.getLogger().getWarnMessages()).hasSize(1);
    }

    @Test
    void featuresOfTheWrongTypeAreNamedNotQuoted() throws InitializationException {
        final TestRunner runner = scoringRunner(new BadInput("json", null, false, ""));
        runner.enqueue("[{\"heart_rate\": \"" + MARKER + "\", \"spo2\": 98, \"temperature_c\": 36.8, \"systolic_bp\": 125, \"respiratory_rate\": 14},"
                + " {\"heart_rate\": {\"note\": \"" + MARKER + "\"}, \"spo2\": 98, \"temperature_c\": 36.8, \"systolic_bp\": 125, \"respiratory_rate\": 14}]");
        runner.enqueue("[{\"heart_rate\": 1e39, \"spo2\": 98, \"temperature_c\": 36.8, \"systolic_bp\": 125, \"respiratory_rate\": 14, \"note\": \"" + MARKER + "\"}]");
        runner.run(2);

        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_FAILURE, 2);
        assertThat(runner.getFlowFilesForRelationship(ScoreRecords.REL_FAILURE)).extracting(flowFile -> flowFile.getAttribute("score.error"))
                .containsExactly("Records could not be scored (after 1 records): record 1: feature 'heart_rate' is text that is not a number",
                        "Records could not be scored (after 1 records): record 1: feature 'heart_rate' is beyond the float range models compute in");
        assertNoLeak(runner, MARKER);
    }

    @Test
    void aSuiteThatDoesNotParseIsNotQuoted() throws Exception {
        final Path suites = Files.createDirectory(tmp.resolve("suites"));
        Files.writeString(suites.resolve("vitals.json"), "{\"name\": \"vitals\", \"expectations\": [" + MARKER + "]}");
        Files.writeString(suites.resolve("labs.json"), "{\"name\": \"labs\", \"expectations\": [{\"type\": \"" + MARKER + "\"}]");
        final TestRunner runner = TestRunners.newTestRunner(ValidateRecordExpectations.class);
        runner.setProperty(ValidateRecordExpectations.RECORD_READER, reader(runner, badInputs().findFirst().orElseThrow()));
        runner.setProperty(ValidateRecordExpectations.RECORD_WRITER, writer(runner));
        runner.setProperty(ValidateRecordExpectations.SUITE_SOURCE, SuiteSource.SUITE_DIRECTORY.getValue());
        runner.setProperty(ValidateRecordExpectations.SUITE_DIRECTORY, suites.toString());
        runner.setProperty(ValidateRecordExpectations.SUITE_NAME, "${lake.dataset}");
        runner.enqueue("[{\"heart_rate\": 72}]", Map.of("lake.dataset", "vitals"));
        runner.enqueue("[{\"heart_rate\": 72}]", Map.of("lake.dataset", "labs"));
        runner.run(2);

        runner.assertAllFlowFilesTransferred(ValidateRecordExpectations.REL_FAILURE, 2);
        assertThat(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_FAILURE).getFirst().getAttribute("validation.error"))
                .startsWith("Expectation suite could not be loaded: Expectation suite is not valid JSON: JsonParseException (line 1, column");
        assertNoLeak(runner, MARKER);
    }

    @Test
    void aModelThatDoesNotParseIsNotQuoted() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(ScoreRecords.class);
        final OnnxModelScoringService service = new OnnxModelScoringService();
        runner.addControllerService("onnx", service);
        final Path model = Files.writeString(tmp.resolve("model.onnx"), MARKER.repeat(100));
        runner.setProperty(service, "Model File", model.toString());

        final Throwable refused = catchThrowable(() -> runner.enableControllerService(service));

        assertThat(refused).isNotNull();
        assertThat(stackTrace(refused)).contains("is not a model ONNX Runtime can load").doesNotContain(MARKER);
        assertNoLeak(runner.getControllerServiceLogger("onnx"), MARKER);
    }

    @Test
    void putLakeParquetNeverEchoesTheInput() throws InitializationException {
        final String bucket = "no-phi-" + System.nanoTime();
        S3.createBucket(bucket);
        final TestRunner runner = TestRunners.newTestRunner(PutLakeParquet.class);
        final StandardAwsConnectionService aws = new StandardAwsConnectionService();
        runner.addControllerService("aws", aws);
        runner.setProperty(aws, "Region", S3TestServer.REGION);
        runner.setProperty(aws, "S3 Endpoint Override", S3.endpoint().toString());
        runner.setProperty(aws, "Use Path Style Access", "true");
        runner.setProperty(aws, "Credentials Strategy", "ACCESS_KEY");
        runner.setProperty(aws, "Access Key ID", S3TestServer.ACCESS_KEY_ID);
        runner.setProperty(aws, "Secret Access Key", S3TestServer.SECRET_ACCESS_KEY);
        runner.enableControllerService(aws);
        runner.setProperty(PutLakeParquet.AWS_CONNECTION_SERVICE, "aws");
        runner.setProperty(PutLakeParquet.RECORD_READER, reader(runner, badInputs().skip(2).findFirst().orElseThrow()));
        runner.setProperty(PutLakeParquet.STAGING_DIRECTORY, tmp.toString());
        final List<BadInput> json = badInputs().filter(input -> !input.csv()).toList();
        for (final BadInput input : json) {
            runner.enqueue(input.content(), Map.of("lake.bucket", bucket, "lake.zone", "structured", "lake.source", "device", "lake.dataset", "vitals"));
        }
        runner.run(json.size());

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_FAILURE, json.size());
        assertNoLeak(runner, MARKER);
    }

    @Test
    void registerGlueTableNeverEchoesGluesMessages() throws InitializationException {
        final TestRunner runner = glue.newCatalogRunner(RegisterGlueTable.class, RegisterGlueTable.CATALOG_SERVICE, Map.of("Database", "lake"));
        glue.failNext("GetTable", GlueStandIn.Fault.ACCESS_DENIED, 1);
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();
        glue.refuseNextPartitions("ResourceNumberLimitExceededException", 1);
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-24").build());
        runner.run();

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_FAILURE, 2);
        assertNoLeak(runner, "is not authorized", "Refused by fault injection");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private TestRunner scoringRunner(final BadInput input) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(ScoreRecords.class);
        final OnnxModelScoringService service = new OnnxModelScoringService();
        runner.addControllerService("onnx", service);
        runner.setProperty(service, "Model File", TestModels.VITALS_RISK.toString());
        runner.enableControllerService(service);
        runner.setProperty(ScoreRecords.SCORING_SERVICE, "onnx");
        runner.setProperty(ScoreRecords.RECORD_READER, reader(runner, input));
        runner.setProperty(ScoreRecords.RECORD_WRITER, writer(runner));
        runner.setProperty(ScoreRecords.FEATURE_FIELDS, String.join(",", TestModels.VITALS_FEATURES));
        return runner;
    }

    private static String reader(final TestRunner runner, final BadInput input) throws InitializationException {
        final RecordReaderFactory reader = input.csv() ? new CSVReader() : new JsonTreeReader();
        runner.addControllerService("reader", reader);
        if (input.readerSchema() != null) {
            runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
            runner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, input.readerSchema());
        }
        runner.enableControllerService(reader);
        return "reader";
    }

    private static String writer(final TestRunner runner) throws InitializationException {
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        return "writer";
    }

    /** Every attribute of every FlowFile the processor produced, every provenance event, and the logs at INFO and above. */
    static void assertNoLeak(final TestRunner runner, final String... markers) {
        final List<String> texts = new ArrayList<>();
        runner.getProcessor().getRelationships().forEach(relationship -> runner.getFlowFilesForRelationship(relationship)
                .forEach(flowFile -> texts.add(relationship.getName() + " attributes " + flowFile.getAttributes())));
        for (final ProvenanceEventRecord event : runner.getProvenanceEvents()) {
            texts.add("provenance " + event.getEventType() + " " + event.getDetails() + " " + event.getAttributes() + " "
                    + event.getUpdatedAttributes() + " " + event.getTransitUri());
        }
        texts.add(logged(runner.getLogger()));
        assertThat(texts).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(markers));
    }

    static void assertNoLeak(final MockComponentLog log, final String... markers) {
        assertThat(logged(log)).doesNotContain(markers);
    }

    /** Messages, arguments and thrown exceptions (with causes) logged at INFO, WARN and ERROR. */
    private static String logged(final MockComponentLog log) {
        final StringBuilder text = new StringBuilder();
        for (final List<LogMessage> level : List.of(log.getInfoMessages(), log.getWarnMessages(), log.getErrorMessages())) {
            for (final LogMessage message : level) {
                text.append(message.getMsg()).append('\n');
                for (final Object arg : message.getArgs() == null ? new Object[0] : message.getArgs()) {
                    text.append(arg instanceof Throwable thrown ? stackTrace(thrown) : String.valueOf(arg)).append('\n');
                }
                if (message.getThrowable() != null) {
                    text.append(stackTrace(message.getThrowable())).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static String stackTrace(final Throwable error) {
        final StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

}
