package io.nifidataops.processors;

import io.nifidataops.DataOpsAttributes;
import io.nifidataops.records.SingleValuePath;
import io.nifidataops.scoring.BatchScorer;
import io.nifidataops.scoring.FeatureException;
import io.nifidataops.scoring.FeatureExtractor;
import io.nifidataops.scoring.MissingValuePolicy;
import io.nifidataops.scoring.ModelInfo;
import io.nifidataops.scoring.ModelScoringService;
import io.nifidataops.scoring.RemoteCall;
import io.nifidataops.scoring.ScoreFields;
import io.nifidataops.scoring.ScoringException;
import io.nifidataops.scoring.ScoringModel;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.SystemResource;
import org.apache.nifi.annotation.behavior.SystemResourceConsideration;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

@Tags({"record", "machine learning", "model", "scoring", "inference", "onnx", "mlflow", "kserve", "enrich", "healthcare"})
@CapabilityDescription("Adds a model's outputs to each record: builds a feature vector from the configured fields, scores records in "
        + "batches through a Model Scoring Service (ONNX Runtime in process, an MLflow scoring server, or a KServe / Open Inference "
        + "Protocol v2 server) and writes the score, label and class probabilities as new fields, extending the schema. Records stream "
        + "through: at most 'Batch Size' records are held at a time. Every record comes out, scored or (per 'Missing Value Policy') "
        + "with null outputs, and all records of a FlowFile are scored by the same model version. Invalid feature values (text, NaN, "
        + "infinities) send the FlowFile to failure with a message naming the record and feature, never the value. A model server "
        + "that is unreachable, too slow or overloaded sends the FlowFile to retry; one that rejects the request, answers the wrong "
        + "shape or cannot be trusted (unknown host, untrusted certificate) sends it to failure. Both are penalized, so the FlowFiles "
        + "behind it keep flowing.")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@SupportsBatching
@DefaultSettings(penaltyDuration = "10 sec")
@SystemResourceConsideration(resource = SystemResource.MEMORY, description = "Each concurrent task holds one batch (Batch Size records"
        + " and their feature vectors) while it is scored")
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.LookupRecord", "io.nifidataops.scoring.OnnxModelScoringService",
        "io.nifidataops.scoring.MlflowModelScoringService", "io.nifidataops.scoring.KServeModelScoringService"})
@WritesAttributes({
        @WritesAttribute(attribute = DataOpsAttributes.MODEL_NAME, description = "Name of the model that scored the records"),
        @WritesAttribute(attribute = DataOpsAttributes.MODEL_VERSION, description = "Version of the model that scored the records"),
        @WritesAttribute(attribute = DataOpsAttributes.MODEL_HASH, description = "Content identity of the model that scored the records: "
                + "the SHA-256 of an ONNX model file; absent when the service cannot tell (MLflow, KServe)"),
        @WritesAttribute(attribute = DataOpsAttributes.SCORE_COUNT, description = "Number of records scored (the others passed unscored)"),
        @WritesAttribute(attribute = DataOpsAttributes.RECORD_COUNT, description = "Number of records in the FlowFile"),
        @WritesAttribute(attribute = DataOpsAttributes.MIME_TYPE, description = "MIME type of the Record Writer"),
        @WritesAttribute(attribute = DataOpsAttributes.SCORE_ERROR, description = "Why a FlowFile was routed to retry or failure (no record "
                + "values, no server answers)"),
        @WritesAttribute(attribute = DataOpsAttributes.SCORE_ERROR_KIND, description = "transient (routed to retry: may pass later) or "
                + "permanent (routed to failure: will not pass as configured)")
})
public class ScoreRecords extends AbstractProcessor {

    static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the incoming records")
            .identifiesControllerService(RecordReaderFactory.class)
            .required(true)
            .build();

    static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the records with the output fields added; its schema is the read schema extended by them")
            .identifiesControllerService(RecordSetWriterFactory.class)
            .required(true)
            .build();

    static final PropertyDescriptor SCORING_SERVICE = new PropertyDescriptor.Builder()
            .name("Model Scoring Service")
            .description("The model that scores the records")
            .identifiesControllerService(ModelScoringService.class)
            .required(true)
            .build();

    static final PropertyDescriptor FEATURE_FIELDS = new PropertyDescriptor.Builder()
            .name("Feature Fields")
            .description("Comma-separated fields that form the feature vector, in the order the model takes its features, e.g."
                    + " heart_rate, spo2, temperature_c, systolic_bp, respiratory_rate. Each is a top-level field name or a RecordPath"
                    + " to a value in a nested record, e.g. /vitals/spo2 or /observations[0]/value; a path that selects several values"
                    + " in a record fails the FlowFile. Numbers and numeric text are accepted.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .addValidator(RecordPathListValidator.INSTANCE)
            .build();

    static final PropertyDescriptor MISSING_VALUE_POLICY = new PropertyDescriptor.Builder()
            .name("Missing Value Policy")
            .description("What happens when a feature field is missing or null")
            .allowableValues(MissingValuePolicy.class)
            .defaultValue(MissingValuePolicy.ROUTE_TO_FAILURE)
            .required(true)
            .build();

    static final PropertyDescriptor DEFAULT_VALUE = new PropertyDescriptor.Builder()
            .name("Default Value")
            .description("The value a missing or null feature takes")
            .required(true)
            .defaultValue("0")
            .addValidator(StandardValidators.NUMBER_VALIDATOR)
            .dependsOn(MISSING_VALUE_POLICY, MissingValuePolicy.USE_DEFAULT_VALUE)
            .build();

    static final PropertyDescriptor SCORE_FIELD = new PropertyDescriptor.Builder()
            .name("Score Field")
            .description("Field for the score (float): a regressor's value, or the probability of 'Score Class'")
            .required(true)
            .defaultValue("score")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor SCORE_CLASS = new PropertyDescriptor.Builder()
            .name("Score Class")
            .description("For a classifier: the class whose probability is the score, e.g. high. Default: the last class, which is "
                    + "the positive class of a binary classifier with classes sorted as scikit-learn sorts them.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor LABEL_FIELD = new PropertyDescriptor.Builder()
            .name("Label Field")
            .description("Field for the predicted label (string), e.g. risk_label; no label field when not set")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor PROBABILITIES_FIELD = new PropertyDescriptor.Builder()
            .name("Probabilities Field")
            .description("Field for the class probabilities (a map from class to float); no such field when not set")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("Records scored per call to the model service, and the most records held in memory. In-process models "
                    + "cost ~11 us per call: batches of hundreds or more make that negligible.")
            .required(true)
            .defaultValue("1000")
            .addValidator(StandardValidators.createLongValidator(1, 1_000_000, true))
            .build();

    static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("FlowFiles whose records were scored (records a policy skipped carry null outputs)")
            .build();
    static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("The incoming FlowFile, unchanged and penalized, when the model server failed in a way that may pass later: "
                    + "connection refused or timed out, no answer within the request timeout, HTTP 408, 429 or 5xx. Configure NiFi's "
                    + "retry on this relationship (Relationships tab: number of retries, back-off policy, maximum back-off) or loop it "
                    + "back; see score.error")
            .build();
    static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The incoming FlowFile, unchanged and penalized, when retrying cannot help: records that cannot be read, "
                    + "invalid feature values, a request the model server rejects (HTTP 4xx), an answer of the wrong shape, an unknown "
                    + "host, an untrusted certificate or failed TLS handshake; see score.error")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(RECORD_READER, RECORD_WRITER, SCORING_SERVICE, FEATURE_FIELDS,
            MISSING_VALUE_POLICY, DEFAULT_VALUE, SCORE_FIELD, SCORE_CLASS, LABEL_FIELD, PROBABILITIES_FIELD, BATCH_SIZE);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_RETRY, REL_FAILURE);

    private volatile FeatureExtractor extractor;
    /** Feature name (a field name or a RecordPath) to how a record gives its value. */
    private volatile Map<String, Function<Record, Object>> featureValues;
    private volatile ScoreFields fields;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final List<String> features = featureFields(context.getProperty(FEATURE_FIELDS).getValue());
        if (features.size() != Set.copyOf(features).size()) {
            results.add(new ValidationResult.Builder().subject(FEATURE_FIELDS.getName()).valid(false)
                    .explanation("a field is listed twice").build());
        }
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final List<String> features = featureFields(context.getProperty(FEATURE_FIELDS).getValue());
        final ModelInfo model = context.getProperty(SCORING_SERVICE).asControllerService(ModelScoringService.class).getModelInfo();
        // A feature count the model disagrees with would fail every FlowFile: refuse to start instead
        if (!model.featureNames().isEmpty() && model.featureNames().size() != features.size()) {
            throw new ProcessException("Model %s version %s takes %d features %s but %d feature fields are configured"
                    .formatted(model.name(), model.version(), model.featureNames().size(), model.featureNames(), features.size()));
        }
        final MissingValuePolicy policy = MissingValuePolicy.valueOf(context.getProperty(MISSING_VALUE_POLICY).getValue());
        final float defaultValue = policy == MissingValuePolicy.USE_DEFAULT_VALUE ? Float.parseFloat(context.getProperty(DEFAULT_VALUE).getValue()) : 0f;
        extractor = new FeatureExtractor(features, policy, defaultValue);
        featureValues = features.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), ScoreRecords::featureValue));
        fields = new ScoreFields(context.getProperty(SCORE_FIELD).getValue(), context.getProperty(LABEL_FIELD).getValue(),
                context.getProperty(PROBABILITIES_FIELD).getValue(), context.getProperty(SCORE_CLASS).getValue());
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final ModelScoringService service = context.getProperty(SCORING_SERVICE).asControllerService(ModelScoringService.class);
        final RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        final RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        final List<RemoteCall> calls = new ArrayList<>();
        final ScoringModel model;
        try {
            model = service.acquire(calls::add);
        } catch (final ScoringException e) {
            if (e.isRetryable()) {
                // The service has no model to lease, whatever the FlowFile: nothing can work now, and no content was touched
                getLogger().warn("No model can be leased now; {} goes back to the queue, penalized: {}", flowFile, e.getMessage());
                getLogger().debug("No model can be leased", e);
                session.rollback(true);
                context.yield();
                return;
            }
            route(session, flowFile, calls, REL_FAILURE, "No model can be leased: " + e.getMessage(), e);
            return;
        }

        try (model) {
            score(context, session, flowFile, model, readerFactory, writerFactory, calls);
        }
    }

    private void score(final ProcessContext context, final ProcessSession session, final FlowFile incoming, final ScoringModel model,
                       final RecordReaderFactory readerFactory, final RecordSetWriterFactory writerFactory, final List<RemoteCall> calls) {
        final ModelInfo info = model.info();
        final Map<String, String> attributes = incoming.getAttributes();
        final long started = System.nanoTime();
        final Outcome outcome = new Outcome();
        final FlowFile flowFile;
        try {
            flowFile = session.write(incoming, (in, out) -> {
                try (RecordReader reader = RecordReads.open(readerFactory, incoming.getAttributes(), in, incoming.getSize(), DebugOnlyLog.of(getLogger()))) {
                    final RecordSchema schema = writerFactory.getSchema(attributes, fields.extend(reader.getSchema()));
                    try (RecordSetWriter writer = writerFactory.createWriter(DebugOnlyLog.of(getLogger()), schema, out, incoming)) {
                        final BatchScorer<Record> batches = new BatchScorer<>(context.getProperty(BATCH_SIZE).asInteger(), model::score,
                                (record, batch, row) -> {
                                    applyOutputs(record, batch, row);
                                    writer.write(record);
                                });
                        writer.beginRecordSet();
                        Record record;
                        while ((record = RecordReads.next(reader, true, true)) != null) {
                            outcome.read++;
                            batches.add(record, features(record, outcome.read));
                        }
                        batches.flush();
                        writer.finishRecordSet();
                        outcome.scored = batches.scoredCount();
                        outcome.mimeType = writer.getMimeType();
                    }
                } catch (final ScoringException e) {
                    throw new Abort(e);
                } catch (final org.apache.nifi.schema.access.SchemaNotFoundException | org.apache.nifi.serialization.MalformedRecordException e) {
                    throw new Abort(new FeatureException("the records cannot be read: " + SafeErrorMessages.describe(e)));
                }
            });
        } catch (final Abort abort) {
            // Our own exceptions: their messages are our words, naming records and features, never values
            final Exception cause = (Exception) abort.getCause();
            final boolean transientFault = cause instanceof ScoringException scoring && scoring.isRetryable();
            route(session, incoming, calls, transientFault ? REL_RETRY : REL_FAILURE,
                    "Records could not be scored (after %d records): %s".formatted(outcome.read, cause.getMessage()), cause);
            return;
        } catch (final RuntimeException e) {
            // ProcessException, and what readers throw unchecked (a CSV parser's UncheckedIOException): fail, never stall
            route(session, incoming, calls, REL_FAILURE,
                    "Records could not be scored (after %d records): %s".formatted(outcome.read, SafeErrorMessages.describe(e)), e);
            return;
        }

        final Map<String, String> outputs = new HashMap<>();
        outputs.put(DataOpsAttributes.MODEL_NAME, info.name());
        outputs.put(DataOpsAttributes.MODEL_VERSION, info.version());
        outputs.put(DataOpsAttributes.SCORE_COUNT, String.valueOf(outcome.scored));
        outputs.put(DataOpsAttributes.RECORD_COUNT, String.valueOf(outcome.read));
        if (outcome.mimeType != null) {
            outputs.put(DataOpsAttributes.MIME_TYPE, outcome.mimeType);
        }
        FlowFile scored = session.putAllAttributes(flowFile, outputs);
        // A hash left by an earlier scoring would name a model that did not score these records
        scored = info.contentHash() == null ? session.removeAttribute(scored, DataOpsAttributes.MODEL_HASH)
                : session.putAttribute(scored, DataOpsAttributes.MODEL_HASH, info.contentHash());
        reportCalls(session, scored, calls);
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        session.getProvenanceReporter().modifyContent(scored, "Scored %d of %d records with model '%s' version '%s'"
                .formatted(outcome.scored, outcome.read, info.name(), info.version()), millis);
        session.adjustCounter("Records Scored", outcome.scored, false);
        session.transfer(scored, REL_SUCCESS);
    }

    /** Every request that carried features out of NiFi is a SEND on the FlowFile, whatever came of it. */
    private static void reportCalls(final ProcessSession session, final FlowFile flowFile, final List<RemoteCall> calls) {
        for (final RemoteCall call : calls) {
            session.getProvenanceReporter().send(flowFile, call.transitUri(), "Features of %d records sent for scoring%s"
                    .formatted(call.rows(), call.succeeded() ? "" : "; the call failed"), call.durationMillis());
        }
    }

    private float[] features(final Record record, final long recordNumber) {
        try {
            return extractor.extract(feature -> featureValues.get(feature).apply(record));
        } catch (final FeatureException e) {
            throw new Abort(new FeatureException("record %d: %s".formatted(recordNumber, e.getMessage())));
        } catch (final SingleValuePath.AmbiguousPathException e) {
            throw new Abort(new FeatureException("record %d: %s; a feature needs one".formatted(recordNumber, e.getMessage())));
        }
    }

    private static Function<Record, Object> featureValue(final String feature) {
        if (SingleValuePath.isRecordPath(feature)) {
            final SingleValuePath path = SingleValuePath.compile(feature);
            return path::valueOf;
        }
        return record -> record.getValue(feature);
    }

    private void applyOutputs(final Record record, final io.nifidataops.scoring.ScoreBatch batch, final int row) {
        try {
            fields.apply(record, batch, row);
        } catch (final ScoringException e) {
            throw new Abort(e);
        }
    }

    private void route(final ProcessSession session, final FlowFile original, final List<RemoteCall> calls, final Relationship relationship,
                       final String message, final Exception cause) {
        final boolean transientFault = relationship == REL_RETRY;
        if (transientFault) {
            getLogger().warn("Routing {} to retry: {}", original, message);
        } else if (SafeErrorMessages.isContentFault(cause)) {
            getLogger().warn("Routing {} to failure on its content: {}", original, message);
        } else {
            getLogger().error("Routing {} to failure: {}", original, message);
        }
        // The exception itself may quote data (a reader's or client's message): only at DEBUG
        getLogger().debug("Scoring {} failed", original, cause);
        FlowFile failed = session.putAllAttributes(original, Map.of(DataOpsAttributes.SCORE_ERROR, message,
                DataOpsAttributes.SCORE_ERROR_KIND, transientFault ? "transient" : "permanent"));
        reportCalls(session, failed, calls);
        failed = session.penalize(failed);
        session.transfer(failed, relationship);
    }

    private static List<String> featureFields(final String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Counts what one FlowFile's run did; written inside the write callback. */
    private static final class Outcome {
        private long read;
        private long scored;
        private String mimeType;
    }

    /** Carries a scoring or feature failure out of the write callback, which may throw only IOException. */
    private static final class Abort extends RuntimeException {
        Abort(final Exception cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
