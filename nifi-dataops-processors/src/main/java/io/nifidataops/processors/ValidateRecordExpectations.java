package io.nifidataops.processors;

import io.nifidataops.DataOpsAttributes;

import io.nifidataops.validation.CompiledSuite;
import io.nifidataops.validation.DataDocsWriter;
import io.nifidataops.validation.ExpectationMetric;
import io.nifidataops.validation.InvalidSuiteException;
import io.nifidataops.validation.MetricHistory;
import io.nifidataops.validation.MetricHistoryState;
import io.nifidataops.validation.RecordView;
import io.nifidataops.validation.ReferenceSets;
import io.nifidataops.validation.ResultFormat;
import io.nifidataops.validation.RunEnvironment;
import io.nifidataops.validation.SuiteRun;
import io.nifidataops.validation.ValidationOptions;
import io.nifidataops.validation.ValidationReportWriter;
import io.nifidataops.validation.ValidationResult;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.SystemResource;
import org.apache.nifi.annotation.behavior.SystemResourceConsideration;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.components.resource.ResourceCardinality;
import org.apache.nifi.components.resource.ResourceReference;
import org.apache.nifi.components.resource.ResourceType;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.lookup.StringLookupService;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.io.OutputStreamCallback;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Tags({"record", "validation", "expectations", "great expectations", "data quality", "schema on read", "quarantine", "healthcare"})
@CapabilityDescription("Validates records against a Great Expectations expectation suite (0.18 or 1.x JSON) while they stream through, "
        + "reading them with any Record Reader. Records that break a row-level expectation go to 'invalid', the others to 'valid'; "
        + "a Great Expectations 1.x validation result goes to 'report'. Suite-level success follows Great Expectations, 'mostly' "
        + "thresholds and table-level expectations (row counts, column sets, min/max/mean/median, ...) included. One suite can be "
        + "given inline or as a file path, or a suite chosen per FlowFile by name from a suite directory. The content is read twice "
        + "when the suite checks uniqueness. Record values never appear in attributes, provenance or logs, and appear in the report "
        + "only when 'Include Unexpected Values' is true; error texts name fields, types, counts and exception classes, never values.")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@SupportsBatching
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.ValidateRecord"})
@SystemResourceConsideration(resource = SystemResource.MEMORY, description = "Expectations that need distinct values or duplicates"
        + " (uniqueness, distinct-value sets, medians) keep up to Maximum Tracked Values values per expectation, FlowFile"
        + " and concurrent task; the records themselves stream")
@Stateful(scopes = Scope.CLUSTER, description = "The metric history of the expect_nifi_*_to_be_within_history expectations: per suite"
        + " and metric (row count, a column's null rate or mean), the last 'Metric History Size' values, appended only when the"
        + " suite succeeded. Clearing the state restarts the learning.")
@DynamicProperty(name = "The name of a reference set", value = "A StringLookupService",
        description = "A reference set for expect_nifi_column_values_to_be_in_reference_set: a suite naming this set in its"
                + " reference_set kwarg checks that each value is a key the lookup service knows (e.g. a SimpleCsvFileLookupService"
                + " over a CSV of known patients or LOINC codes)")
@ReadsAttributes({
        @ReadsAttribute(attribute = "validation.row.count.<table>", description = "Row count of another table, for"
                + " expect_table_row_count_to_equal_other_table with other_table_name <table>")
})
@WritesAttributes({
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_DATASET, description = "Read, not written: the dataset named in the"
                + " data-quality metrics records (the suite name when absent)"),
        @WritesAttribute(attribute = DataOpsAttributes.VALIDATION_SUITE, description = "Name of the expectation suite that was applied"),
        @WritesAttribute(attribute = DataOpsAttributes.VALIDATION_BATCH_SUCCESS, description = "Whether the suite as a whole succeeded on the"
                + " incoming FlowFile's records (the batch); the valid records of a failed batch carry false here and valid in"
                + " validation.outcome. A validation.success, validation.unexpected.count or validation.error from an earlier step is removed"),
        @WritesAttribute(attribute = DataOpsAttributes.VALIDATION_OUTCOME, description = "On valid and invalid: 'valid' or 'invalid', which records"
                + " this FlowFile holds (RouteToLakeZone sends invalid ones to quarantine, valid ones on); removed from the other outputs"),
        @WritesAttribute(attribute = DataOpsAttributes.VALIDATION_BATCH_UNEXPECTED_COUNT, description = "Unexpected values the row-level"
                + " expectations counted in the whole batch"),
        @WritesAttribute(attribute = DataOpsAttributes.RECORD_COUNT, description = "Number of records in the outgoing FlowFile"),
        @WritesAttribute(attribute = DataOpsAttributes.MIME_TYPE, description = "MIME type of the Record Writer; application/json for the report"),
        @WritesAttribute(attribute = DataOpsAttributes.VALIDATION_ERROR, description = "Why a FlowFile was routed to failure (no record values)")
})
@UseCase(
        description = "Quarantine device telemetry that breaks clinical plausibility rules, keeping the rest flowing.",
        keywords = {"data quality", "quarantine", "validate", "great expectations"},
        configuration = """
                Set 'Record Reader' to a JsonTreeReader (Infer Schema) and 'Record Writer' to a JsonRecordSetWriter.
                Set 'Suite Source' to 'Suite Directory', 'Suite Directory' to /opt/suites and 'Suite Name' to ${lake.dataset},
                so each dataset gets its own suite, /opt/suites/<dataset>.json.
                Set 'Failed Expectations Field' to _failed_expectations so quarantined records say what they broke.
                Connect 'valid' towards the structured zone, 'invalid' towards quarantine and 'report' to wherever reports are kept.
                """)
public class ValidateRecordExpectations extends AbstractProcessor implements VerifiableProcessor {

    static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the incoming records; its schema (inferred or from a schema registry) is the schema applied on read")
            .identifiesControllerService(RecordReaderFactory.class)
            .required(true)
            .build();

    static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the valid and the invalid records")
            .identifiesControllerService(RecordSetWriterFactory.class)
            .required(true)
            .build();

    static final PropertyDescriptor SUITE_SOURCE = new PropertyDescriptor.Builder()
            .name("Suite Source")
            .description("Whether one suite applies to every FlowFile or a suite is chosen per FlowFile by name from a directory")
            .allowableValues(SuiteSource.class)
            .defaultValue(SuiteSource.EXPECTATION_SUITE)
            .required(true)
            .build();

    static final PropertyDescriptor EXPECTATION_SUITE = new PropertyDescriptor.Builder()
            .name("Expectation Suite")
            .description("A Great Expectations expectation suite as JSON text, or the path of a file holding one. Both the 0.18 form "
                    + "(expectation_suite_name, expectation_type) and the 1.x form (name, type) are accepted. Suites are compiled once "
                    + "and cached; a changed file is picked up. To choose a suite per FlowFile, use 'Suite Directory' and 'Suite Name'.")
            .required(true)
            .identifiesExternalResource(ResourceCardinality.SINGLE, ResourceType.FILE, ResourceType.TEXT)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .dependsOn(SUITE_SOURCE, SuiteSource.EXPECTATION_SUITE)
            .build();

    static final PropertyDescriptor SUITE_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Suite Directory")
            .description("Directory of the expectation suites, one <name>.json file each (GE 0.18 or 1.x JSON). Only files directly "
                    + "in it are read; links that lead out of it are refused.")
            .required(true)
            .addValidator(StandardValidators.createDirectoryExistsValidator(true, false))
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .dependsOn(SUITE_SOURCE, SuiteSource.SUITE_DIRECTORY)
            .build();

    static final PropertyDescriptor SUITE_NAME = new PropertyDescriptor.Builder()
            .name("Suite Name")
            .description("Name of the suite for this FlowFile, e.g. ${lake.dataset}: the file <name>.json in 'Suite Directory'. Only "
                    + "letters, digits, '_' and '-' are allowed; a FlowFile whose name is not one, or names no suite, goes to failure "
                    + "with validation.error saying which.")
            .required(true)
            .addValidator(StandardValidators.createRegexMatchingValidator(SuiteDirectory.NAME))
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .dependsOn(SUITE_SOURCE, SuiteSource.SUITE_DIRECTORY)
            .build();

    static final PropertyDescriptor RESULT_FORMAT = new PropertyDescriptor.Builder()
            .name("Result Format")
            .description("Detail of each expectation's result in the report, as Great Expectations' result_format; "
                    + "a result_format kwarg on an expectation takes precedence")
            .allowableValues(ResultFormat.class)
            .defaultValue(ResultFormat.SUMMARY.name())
            .required(true)
            .build();

    static final PropertyDescriptor INCLUDE_UNEXPECTED_VALUES = new PropertyDescriptor.Builder()
            .name("Include Unexpected Values")
            .description("Whether the report may contain record values (unexpected values, observed minimum, maximum, median and distinct "
                    + "values, and statistics of fewer records than 'Minimum Records For Aggregates'). Off by default because in "
                    + "healthcare data these values are PHI.")
            .allowableValues("true", "false")
            .defaultValue("false")
            .required(true)
            .build();

    static final PropertyDescriptor SUITE_FAILURE_STRATEGY = new PropertyDescriptor.Builder()
            .name("Suite Failure Strategy")
            .description("What happens to the records that passed every row-level expectation when the suite as a whole fails")
            .allowableValues(SuiteFailureStrategy.class)
            .defaultValue(SuiteFailureStrategy.ROUTE_RECORDS_INDIVIDUALLY)
            .required(true)
            .build();

    static final PropertyDescriptor FAILED_EXPECTATIONS_FIELD = new PropertyDescriptor.Builder()
            .name("Failed Expectations Field")
            .description("When set, invalid records get a field of this name: an array naming each expectation the record broke, "
                    + "e.g. expect_column_values_to_be_between(heart_rate), so quarantined data explains itself")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor MAXIMUM_TRACKED_VALUES = new PropertyDescriptor.Builder()
            .name("Maximum Tracked Values")
            .description("Upper bound on the values held in memory per expectation for uniqueness, median and distinct-value checks "
                    + "(the only state that grows with the data). A FlowFile that needs more goes to failure with a message naming "
                    + "the expectation.")
            .defaultValue("1000000")
            .addValidator(StandardValidators.POSITIVE_LONG_VALIDATOR)
            .required(true)
            .build();

    static final PropertyDescriptor MINIMUM_RECORDS_FOR_AGGREGATES = new PropertyDescriptor.Builder()
            .name("Minimum Records For Aggregates")
            .description("Fewest records with a value in the column that a column statistic (mean, sum, standard deviation, proportion "
                    + "of unique values) must come from for the report to show its observed value, unless 'Include Unexpected Values' is "
                    + "true. A statistic of a handful of records discloses them: the mean of a one-record FlowFile is that patient's "
                    + "value. The expectation is still evaluated; only its observed value is withheld.")
            .defaultValue(String.valueOf(ValidationOptions.DEFAULT_MIN_VALUES_FOR_AGGREGATES))
            .addValidator(StandardValidators.POSITIVE_LONG_VALIDATOR)
            .required(true)
            .build();

    static final PropertyDescriptor METRIC_HISTORY_SIZE = new PropertyDescriptor.Builder()
            .name("Metric History Size")
            .description("How many earlier values of each dataset metric (row count, null rate, mean) the"
                    + " expect_nifi_*_to_be_within_history expectations keep in the processor's cluster state, per suite; the oldest"
                    + " values are dropped first")
            .defaultValue("30")
            .addValidator(StandardValidators.createLongValidator(2, 1000, true))
            .required(true)
            .build();

    static final PropertyDescriptor DATA_QUALITY_METRICS = new PropertyDescriptor.Builder()
            .name("Data Quality Metrics")
            .description("Whether each validation run's statistics go to the 'metrics' relationship as records written with the"
                    + " Record Writer: one per expectation, with suite, dataset, type, column, success, numeric observed value,"
                    + " element and unexpected counts and run time, and no record values")
            .allowableValues("true", "false")
            .defaultValue("false")
            .required(true)
            .build();

    static final PropertyDescriptor DATA_DOCS = new PropertyDescriptor.Builder()
            .name("Data Docs")
            .description("Whether each validation report also goes to the 'data docs' relationship as a self-contained HTML page"
                    + " (mime.type text/html) that any browser shows; it holds record values only when 'Include Unexpected Values' is true")
            .allowableValues("true", "false")
            .defaultValue("false")
            .required(true)
            .build();

    static final Relationship REL_VALID = new Relationship.Builder()
            .name("valid")
            .description("Records that met every row-level expectation")
            .build();
    static final Relationship REL_INVALID = new Relationship.Builder()
            .name("invalid")
            .description("Records that broke at least one row-level expectation (and, per 'Suite Failure Strategy', records of a failed suite)")
            .build();
    static final Relationship REL_REPORT = new Relationship.Builder()
            .name("report")
            .description("A Great Expectations 1.x validation result (JSON) for each incoming FlowFile")
            .build();
    static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The incoming FlowFile, unchanged, when its records cannot be read or its suite cannot be found or loaded; see validation.error")
            .build();

    static final Relationship REL_METRICS = new Relationship.Builder()
            .name("metrics")
            .description("With 'Data Quality Metrics' on: the statistics of each validation run as records, one per expectation")
            .build();
    static final Relationship REL_DATA_DOCS = new Relationship.Builder()
            .name("data docs")
            .description("With 'Data Docs' on: each validation report as a self-contained HTML page")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            RECORD_READER, RECORD_WRITER, SUITE_SOURCE, EXPECTATION_SUITE, SUITE_DIRECTORY, SUITE_NAME, RESULT_FORMAT,
            INCLUDE_UNEXPECTED_VALUES, MINIMUM_RECORDS_FOR_AGGREGATES, SUITE_FAILURE_STRATEGY, FAILED_EXPECTATIONS_FIELD,
            MAXIMUM_TRACKED_VALUES, METRIC_HISTORY_SIZE, DATA_QUALITY_METRICS, DATA_DOCS);
    // An Expectation Suite of this form chose a file per FlowFile; Suite Directory and Suite Name now do that safely
    private static final Pattern PER_FLOWFILE_SUITE_PATH = Pattern.compile("(.+)/(\\$\\{[^{}/]+})\\.json");
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_VALID, REL_INVALID, REL_REPORT, REL_FAILURE);
    private static final int SUITE_CACHE_SIZE = 64;
    private static final int PARTIAL_UNEXPECTED_COUNT = 20;
    private static final int STATE_UPDATE_ATTEMPTS = 5;

    private final SuiteCache suiteCache = new SuiteCache(SUITE_CACHE_SIZE);
    // The metrics and data docs relationships exist only while their option is on, so existing flows stay valid
    private volatile Set<Relationship> relationships = RELATIONSHIPS;
    private volatile Clock clock = Clock.systemUTC();

    /** The clock of the validation time (freshness, report meta, metrics run time); tests set a fixed one. */
    void setClock(final Clock clock) {
        this.clock = clock;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return relationships;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        final Relationship optional = descriptor.equals(DATA_QUALITY_METRICS) ? REL_METRICS
                : descriptor.equals(DATA_DOCS) ? REL_DATA_DOCS : null;
        if (optional == null) {
            return;
        }
        final Set<Relationship> updated = new LinkedHashSet<>(relationships);
        if (Boolean.parseBoolean(newValue)) {
            updated.add(optional);
        } else {
            updated.remove(optional);
        }
        relationships = Set.copyOf(updated);
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        return new PropertyDescriptor.Builder()
                .name(propertyDescriptorName)
                .description("The reference set '" + propertyDescriptorName + "' for expect_nifi_column_values_to_be_in_reference_set")
                .dynamic(true)
                .required(false)
                .identifiesControllerService(StringLookupService.class)
                .build();
    }

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        final String suite = config.getRawPropertyValue(EXPECTATION_SUITE).orElse(null);
        final Matcher perFlowFile = suite == null ? null : PER_FLOWFILE_SUITE_PATH.matcher(suite.strip());
        if (perFlowFile != null && perFlowFile.matches() && !config.isPropertySet(SUITE_SOURCE)) {
            config.setProperty(SUITE_SOURCE, SuiteSource.SUITE_DIRECTORY.getValue());
            config.setProperty(SUITE_DIRECTORY, perFlowFile.group(1));
            config.setProperty(SUITE_NAME, perFlowFile.group(2));
            config.removeProperty(EXPECTATION_SUITE.getName());
        }
    }

    @Override
    protected Collection<org.apache.nifi.components.ValidationResult> customValidate(final ValidationContext context) {
        // A suite fixed in the configuration is checked here, so a broken suite shows on the canvas rather than failing FlowFiles
        final boolean byName = isSuiteDirectory(context.getProperty(SUITE_SOURCE).getValue());
        final PropertyDescriptor property = byName ? SUITE_NAME : EXPECTATION_SUITE;
        final String value = context.getProperty(property).getValue();
        if (value == null || context.isExpressionLanguagePresent(value)
                || byName && context.getProperty(SUITE_DIRECTORY).getValue() == null) {
            return List.of();
        }
        try {
            if (byName) {
                loadSuite(context.getProperty(SUITE_DIRECTORY).evaluateAttributeExpressions().getValue(), value);
            } else {
                loadSuite(context.getProperty(EXPECTATION_SUITE).evaluateAttributeExpressions().asResource());
            }
            return List.of();
        } catch (final InvalidSuiteException | IOException e) {
            return List.of(new org.apache.nifi.components.ValidationResult.Builder()
                    .subject(property.getName())
                    .valid(false)
                    .explanation(suiteErrorMessage(e))
                    .build());
        }
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger, final Map<String, String> attributes) {
        final ConfigVerificationResult.Builder step = new ConfigVerificationResult.Builder().verificationStepName("Load Expectation Suite");
        try {
            final CompiledSuite suite = loadSuite(context, attributes);
            return List.of(step.outcome(Outcome.SUCCESSFUL)
                    .explanation("Suite '%s' has %d expectations, all supported".formatted(suite.suite().name(), suite.suite().expectations().size()))
                    .build());
        } catch (final InvalidSuiteException | IOException e) {
            verificationLogger.error("Expectation suite could not be loaded: {}", suiteErrorMessage(e));
            return List.of(step.outcome(Outcome.FAILED).explanation(suiteErrorMessage(e)).build());
        }
    }

    @OnStopped
    public void onStopped() {
        suiteCache.clear();
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile original = session.get();
        if (original == null) {
            return;
        }

        final CompiledSuite suite;
        try {
            suite = loadSuite(context, original.getAttributes());
        } catch (final InvalidSuiteException | IOException e) {
            routeToFailure(session, original, "Expectation suite could not be loaded: " + suiteErrorMessage(e), false);
            return;
        }

        final ValidationOptions options = new ValidationOptions(
                ResultFormat.valueOf(context.getProperty(RESULT_FORMAT).getValue()),
                context.getProperty(INCLUDE_UNEXPECTED_VALUES).asBoolean(),
                PARTIAL_UNEXPECTED_COUNT,
                context.getProperty(MAXIMUM_TRACKED_VALUES).asLong(),
                context.getProperty(MINIMUM_RECORDS_FOR_AGGREGATES).asLong());
        final RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        final ValidationOutputs outputs = new ValidationOutputs(session, original,
                context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class), getLogger(),
                context.getProperty(FAILED_EXPECTATIONS_FIELD).getValue(), !context.isAutoTerminated(REL_INVALID));

        final Instant validationTime = clock.instant();
        final MetricHistory history;
        try {
            history = suite.usesMetricHistory() ? MetricHistoryState.of(session.getState(Scope.CLUSTER).toMap()) : MetricHistory.EMPTY;
        } catch (final IOException e) {
            // No FlowFile can be judged against its history while the state is unreadable: try again later
            getLogger().warn("Metric history could not be read from the state; yielding: {}", SafeErrorMessages.describe(e));
            session.rollback(true);
            context.yield();
            return;
        }
        final RunEnvironment environment = new RunEnvironment(validationTime,
                suite.usesReferenceSets() ? referenceSets(context) : ReferenceSets.NONE, history);

        final ValidationResult result;
        final RecordCounter counter = new RecordCounter();
        final Map<String, Double> observedMetrics;
        try {
            final SuiteRun run;
            try (InputStream in = session.read(original); RecordReader reader = RecordReads.open(readerFactory, original.getAttributes(), in, original.getSize(), DebugOnlyLog.of(getLogger()))) {
                final RecordSchema schema = reader.getSchema();
                run = suite.newRun(schema.getFieldNames(), options, otherTableRowCounts(original.getAttributes()), environment);
                outputs.useSchema(schema);
                if (run.needsPreparationPass()) {
                    counter.forEach(reader, record -> run.prepare(columns(record)));
                } else {
                    routeRecords(reader, run, outputs, counter);
                }
            }
            if (run.needsPreparationPass()) {
                counter.restart();
                try (InputStream in = session.read(original); RecordReader reader = RecordReads.open(readerFactory, original.getAttributes(), in, original.getSize(), DebugOnlyLog.of(getLogger()))) {
                    routeRecords(reader, run, outputs, counter);
                }
            }
            result = run.finish();
            observedMetrics = run.observedMetrics();
            outputs.finish();
        } catch (final Exception e) {
            outputs.discard();
            routeToFailure(session, original, "Records could not be validated (after %d records): %s"
                    .formatted(counter.count(), SafeErrorMessages.describe(e)), SafeErrorMessages.isContentFault(e));
            return;
        }

        final Map<String, String> outcome = Map.of(
                DataOpsAttributes.VALIDATION_SUITE, result.suiteName(),
                DataOpsAttributes.VALIDATION_BATCH_SUCCESS, String.valueOf(result.success()),
                DataOpsAttributes.VALIDATION_BATCH_UNEXPECTED_COUNT, String.valueOf(result.unexpectedCount()));
        final boolean quarantineAll = !result.success()
                && SuiteFailureStrategy.ROUTE_ALL_TO_INVALID.getValue().equals(context.getProperty(SUITE_FAILURE_STRATEGY).getValue());
        final Relationship validRoute = quarantineAll ? REL_INVALID : REL_VALID;
        final String details = provenanceDetails(result, outputs);

        final List<FlowFile> children = new ArrayList<>();
        children.add(outputs.transferValid(withOutcome(outcome, validRoute), validRoute, details));
        children.add(outputs.transferInvalid(withOutcome(outcome, REL_INVALID), REL_INVALID, details));
        final Map<String, Object> meta = reportMeta(original, validationTime);
        if (!context.isAutoTerminated(REL_REPORT)) {
            // The report is JSON whatever the records were: name it so, or a later writer keeps the source's .csv
            children.add(transferDocument(session, original, outcome, details, REL_REPORT, "application/json", ".validation-report.json",
                    out -> ValidationReportWriter.write(result, meta, out)));
        }
        if (context.getProperty(DATA_DOCS).asBoolean() && !context.isAutoTerminated(REL_DATA_DOCS)) {
            children.add(transferDocument(session, original, outcome, details, REL_DATA_DOCS, "text/html", ".validation-report.html",
                    out -> DataDocsWriter.write(result, meta, out)));
        }
        if (context.getProperty(DATA_QUALITY_METRICS).asBoolean() && !context.isAutoTerminated(REL_METRICS)) {
            children.add(transferMetrics(context, session, original, result, outcome, details, validationTime,
                    outputs.validCount() + outputs.invalidCount()));
        }
        children.removeIf(Objects::isNull);
        if (!children.isEmpty()) {
            // The FORK the framework would add has no details; with exactly its children, NiFi keeps this one instead
            session.getProvenanceReporter().fork(original, children, "%s; forked into %d FlowFiles".formatted(details, children.size()));
        }
        if (result.success() && !observedMetrics.isEmpty()) {
            recordMetrics(session, observedMetrics, context.getProperty(METRIC_HISTORY_SIZE).asInteger());
        }

        session.adjustCounter("Records Validated", outputs.validCount() + outputs.invalidCount(), false);
        session.adjustCounter("Records Valid", outputs.validCount(), false);
        session.adjustCounter("Records Invalid", outputs.invalidCount(), false);
        session.remove(original);
    }

    private void routeRecords(final RecordReader reader, final SuiteRun run, final ValidationOutputs outputs, final RecordCounter counter) throws Exception {
        counter.forEach(reader, record -> {
            final List<String> broken = run.evaluate(columns(record));
            if (broken.isEmpty()) {
                outputs.writeValid(record);
            } else {
                outputs.writeInvalid(record, broken);
            }
        });
    }

    /**
     * Values by column name straight from the record's map: Record.getValue(String) first looks the field up in the schema
     * (an Optional per call), which costs more than the expectations themselves on wide suites.
     */
    private static RecordView columns(final Record record) {
        return record.toMap()::get;
    }

    private static Map<String, Object> reportMeta(final FlowFile original, final Instant validationTime) {
        final Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("flowfile_uuid", original.getAttribute(CoreAttributes.UUID.key()));
        meta.put("validation_time", validationTime.toString());
        meta.put("validator", "nifi-dataops ValidateRecordExpectations");
        return meta;
    }

    private ReferenceSets referenceSets(final ProcessContext context) {
        final Map<String, StringLookupService> services = new HashMap<>();
        context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic).forEach(property -> {
            final StringLookupService service = context.getProperty(property).asControllerService(StringLookupService.class);
            if (service != null) {
                services.put(property.getName(), service);
            }
        });
        return new LookupReferenceSets(services);
    }

    /**
     * Appends this run's metrics to the history in the cluster state, with the session (so only if it commits). Another
     * task may have changed the state since it was read: then the append is redone on the newer state.
     */
    private void recordMetrics(final ProcessSession session, final Map<String, Double> observed, final int size) {
        try {
            for (int attempt = 0; attempt < STATE_UPDATE_ATTEMPTS; attempt++) {
                final StateMap current = session.getState(Scope.CLUSTER);
                final Map<String, String> next = MetricHistoryState.append(current.toMap(), observed, size);
                if (current.getStateVersion().isEmpty()) {
                    session.setState(next, Scope.CLUSTER);
                    return;
                }
                if (session.replaceState(current, next, Scope.CLUSTER)) {
                    return;
                }
            }
            getLogger().warn("Metric history was changed by other tasks {} times in a row; this run's metrics were not recorded",
                    STATE_UPDATE_ATTEMPTS);
        } catch (final IOException e) {
            getLogger().warn("Metric history could not be updated; this run's metrics were not recorded: {}", SafeErrorMessages.describe(e));
        }
    }

    private FlowFile transferMetrics(final ProcessContext context, final ProcessSession session, final FlowFile original,
                                 final ValidationResult result, final Map<String, String> outcome, final String details,
                                 final Instant validationTime, final long rowCount) {
        final String dataset = original.getAttribute(DataOpsAttributes.LAKE_DATASET);
        final List<Record> records = QualityMetricsRecords.of(result.suiteName(), dataset == null ? result.suiteName() : dataset,
                original.getAttribute(CoreAttributes.UUID.key()), validationTime, ExpectationMetric.of(result, rowCount));
        final RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        FlowFile metrics = session.create(original);
        final Map<String, String> attributes = new HashMap<>(outcome);
        try (RecordSetWriter writer = writerFactory.createWriter(DebugOnlyLog.of(getLogger()), QualityMetricsRecords.SCHEMA,
                session.write(metrics), metrics)) {
            writer.beginRecordSet();
            for (final Record record : records) {
                writer.write(record);
            }
            final WriteResult written = writer.finishRecordSet();
            attributes.putAll(written.getAttributes());
            attributes.put(DataOpsAttributes.RECORD_COUNT, String.valueOf(written.getRecordCount()));
            attributes.put(DataOpsAttributes.MIME_TYPE, writer.getMimeType());
        } catch (final Exception e) {
            // The records were validated and routed; only their statistics are lost
            session.remove(metrics);
            getLogger().warn("Data-quality metrics of {} could not be written: {}", original, SafeErrorMessages.describe(e));
            return null;
        }
        attributes.put(CoreAttributes.FILENAME.key(), original.getAttribute(CoreAttributes.FILENAME.key()) + ".dq-metrics");
        return emit(session, metrics, attributes, REL_METRICS, details);
    }

    /** The validation report or its Data Docs page: one document about the whole batch, named after the incoming file. */
    private static FlowFile transferDocument(final ProcessSession session, final FlowFile original, final Map<String, String> outcome,
                                             final String details, final Relationship relationship, final String mimeType,
                                             final String fileNameSuffix, final OutputStreamCallback content) {
        final FlowFile document = session.write(session.create(original), content);
        final Map<String, String> attributes = new HashMap<>(outcome);
        attributes.put(DataOpsAttributes.MIME_TYPE, mimeType);
        attributes.put(DataOpsAttributes.RECORD_COUNT, "0");
        attributes.put(CoreAttributes.FILENAME.key(), original.getAttribute(CoreAttributes.FILENAME.key()) + fileNameSuffix);
        return emit(session, document, attributes, relationship, details);
    }

    /**
     * Sends one output of the validation on: its attributes set after removing what an earlier step set that no longer
     * describes it (another validation's success, counts, outcome or error), and a ROUTE with the suite's details.
     */
    static FlowFile emit(final ProcessSession session, final FlowFile flowFile, final Map<String, String> attributes,
                         final Relationship relationship, final String details) {
        final FlowFile labelled = session.putAllAttributes(session.removeAllAttributes(flowFile, STALE_ATTRIBUTES), attributes);
        session.transfer(labelled, relationship);
        session.getProvenanceReporter().route(labelled, relationship, details);
        return labelled;
    }

    private static final Set<String> STALE_ATTRIBUTES = Set.of(DataOpsAttributes.VALIDATION_SUCCESS, DataOpsAttributes.VALIDATION_UNEXPECTED_COUNT,
            DataOpsAttributes.VALIDATION_OUTCOME, DataOpsAttributes.VALIDATION_ERROR);

    private static Map<String, String> withOutcome(final Map<String, String> outcome, final Relationship relationship) {
        final Map<String, String> attributes = new HashMap<>(outcome);
        attributes.put(DataOpsAttributes.VALIDATION_OUTCOME, relationship.getName());
        return attributes;
    }

    /** @param contentFault the content is at fault (unreadable records), which the flow handles by design: WARN, not ERROR */
    private void routeToFailure(final ProcessSession session, final FlowFile original, final String message, final boolean contentFault) {
        if (contentFault) {
            getLogger().warn("Routing {} to failure: {}", original, message);
        } else {
            getLogger().error("Routing {} to failure: {}", original, message);
        }
        FlowFile failed = session.putAttribute(original, DataOpsAttributes.VALIDATION_ERROR, message);
        failed = session.penalize(failed);
        session.transfer(failed, REL_FAILURE);
    }

    private static String provenanceDetails(final ValidationResult result, final ValidationOutputs outputs) {
        return "Suite '%s' %s: %d valid and %d invalid records; %d of %d expectations met"
                .formatted(result.suiteName(), result.success() ? "succeeded" : "failed", outputs.validCount(), outputs.invalidCount(),
                        result.statistics().successfulExpectations(), result.statistics().evaluatedExpectations());
    }

    private CompiledSuite loadSuite(final ProcessContext context, final Map<String, String> attributes) throws IOException {
        if (isSuiteDirectory(context.getProperty(SUITE_SOURCE).getValue())) {
            return loadSuite(context.getProperty(SUITE_DIRECTORY).evaluateAttributeExpressions().getValue(),
                    context.getProperty(SUITE_NAME).evaluateAttributeExpressions(attributes).getValue());
        }
        return loadSuite(context.getProperty(EXPECTATION_SUITE).evaluateAttributeExpressions().asResource());
    }

    private CompiledSuite loadSuite(final String directory, final String name) throws IOException {
        if (directory == null || directory.isBlank()) {
            throw new InvalidSuiteException("No Suite Directory is configured");
        }
        return suiteCache.fromFile(new SuiteDirectory(Path.of(directory)).resolve(name));
    }

    private static boolean isSuiteDirectory(final String source) {
        return SuiteSource.SUITE_DIRECTORY.getValue().equals(source);
    }

    private CompiledSuite loadSuite(final ResourceReference resource) throws IOException {
        if (resource == null) {
            throw new InvalidSuiteException("No expectation suite is configured");
        }
        if (resource.getResourceType() == ResourceType.FILE) {
            try {
                return suiteCache.fromFile(resource.asFile().toPath());
            } catch (final NoSuchFileException e) {
                throw new InvalidSuiteException("The Expectation Suite file does not exist");
            }
        }
        try (InputStream in = resource.read()) {
            return suiteCache.fromText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String suiteErrorMessage(final Exception e) {
        return SafeErrorMessages.describe(e);
    }

    /** Counts records as they are read, so a failure can say how far reading got. */
    private static final class RecordCounter {
        private long count;

        interface RecordAction {
            void accept(Record record) throws Exception;
        }

        void forEach(final RecordReader reader, final RecordAction action) throws Exception {
            Record record;
            // Like ValidateRecord: no coercion on read, so values are judged as they arrived (a "72" string stays a string)
            // and no time is spent converting records that the writer converts anyway
            while ((record = RecordReads.next(reader, false, false)) != null) {
                count++;
                action.accept(record);
            }
        }

        void restart() {
            count = 0;
        }

        long count() {
            return count;
        }
    }

    /** Prefix of the FlowFile attributes that give expect_table_row_count_to_equal_other_table its other tables' counts. */
    static final String OTHER_TABLE_ROW_COUNT_PREFIX = "validation.row.count.";

    /** {@code validation.row.count.<other_table_name>} attributes holding a whole number; others are ignored. */
    static Map<String, Long> otherTableRowCounts(final Map<String, String> attributes) {
        final Map<String, Long> counts = new HashMap<>();
        attributes.forEach((name, value) -> {
            if (name.startsWith(OTHER_TABLE_ROW_COUNT_PREFIX) && value != null && value.trim().matches("\\d{1,18}")) {
                counts.put(name.substring(OTHER_TABLE_ROW_COUNT_PREFIX.length()), Long.parseLong(value.trim()));
            }
        });
        return counts;
    }
}
