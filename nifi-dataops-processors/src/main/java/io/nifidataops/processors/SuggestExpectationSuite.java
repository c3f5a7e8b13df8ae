package io.nifidataops.processors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.validation.SuiteProfiler;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.SideEffectFree;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profiling mode for ValidateRecordExpectations: reads the first records of a FlowFile and writes a suggested starter suite
 * (types, null rates, numeric ranges, small value sets) as Great Expectations suite JSON.
 */
@SideEffectFree
@InputRequirement(Requirement.INPUT_REQUIRED)
@Tags({"great expectations", "data quality", "profiling", "suite", "record"})
@CapabilityDescription("Profiles a sample of a FlowFile's records and writes a suggested starter expectation suite, in the Great Expectations"
        + " suite format that ValidateRecordExpectations reads: the column set, and per column the types seen, not-null (or the observed"
        + " non-null share), the range of numbers, and for text a small value set or the observed lengths. The suggestion describes the"
        + " sample as it is, so the sample passes it; review it before use. It holds values from the data (ranges, value sets), so treat it"
        + " as being as sensitive as the records.")
@SeeAlso(ValidateRecordExpectations.class)
@WritesAttributes({
        @WritesAttribute(attribute = "profile.record.count", description = "Records the suggestion was made from"),
        @WritesAttribute(attribute = "mime.type", description = "application/json on the suggested suite"),
        @WritesAttribute(attribute = "validation.error", description = "On failure: why the records could not be profiled (no record values)")})
public class SuggestExpectationSuite extends AbstractProcessor {

    static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the records to profile")
            .identifiesControllerService(RecordReaderFactory.class)
            .required(true)
            .build();

    static final PropertyDescriptor SUITE_NAME = new PropertyDescriptor.Builder()
            .name("Suite Name")
            .description("The name of the suggested suite")
            .required(true)
            .defaultValue("${lake.dataset:replaceEmpty('suggested')}")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor SAMPLE_SIZE = new PropertyDescriptor.Builder()
            .name("Sample Size")
            .description("How many records, from the start of the FlowFile, are profiled")
            .required(true)
            .defaultValue("10000")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final PropertyDescriptor MAX_VALUE_SET_SIZE = new PropertyDescriptor.Builder()
            .name("Maximum Value Set Size")
            .description("A text column with at most this many distinct values in the sample is suggested as a value set"
                    + " (expect_column_values_to_be_in_set); one with more gets a length range. 0 suggests no value sets.")
            .required(true)
            .defaultValue("10")
            .addValidator(StandardValidators.NON_NEGATIVE_INTEGER_VALIDATOR)
            .build();

    static final Relationship SUCCESS = new Relationship.Builder().name("success")
            .description("The suggested suite as JSON, one per incoming FlowFile").build();
    static final Relationship ORIGINAL = new Relationship.Builder().name("original")
            .description("The incoming FlowFile, unchanged, once profiled").build();
    static final Relationship FAILURE = new Relationship.Builder().name("failure")
            .description("The incoming FlowFile when its records could not be read, with validation.error").build();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return List.of(RECORD_READER, SUITE_NAME, SAMPLE_SIZE, MAX_VALUE_SET_SIZE);
    }

    @Override
    public Set<Relationship> getRelationships() {
        return Set.of(SUCCESS, ORIGINAL, FAILURE);
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile original = session.get();
        if (original == null) {
            return;
        }
        final RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        final String suiteName = context.getProperty(SUITE_NAME).evaluateAttributeExpressions(original).getValue();
        final int sampleSize = context.getProperty(SAMPLE_SIZE).asInteger();
        final int maxValueSetSize = context.getProperty(MAX_VALUE_SET_SIZE).asInteger();
        final SuiteProfiler profiler;
        try (InputStream in = session.read(original); RecordReader reader = RecordReads.open(readerFactory, original.getAttributes(), in, original.getSize(), DebugOnlyLog.of(getLogger()))) {
            profiler = new SuiteProfiler(suiteName, reader.getSchema().getFieldNames(), maxValueSetSize);
            Record record;
            while (profiler.records() < sampleSize && (record = RecordReads.next(reader, false, false)) != null) {
                final Map<String, Object> values = record.toMap();
                profiler.add(values::get);
            }
        } catch (final Exception e) {
            // Readers quote the input they fail on: keep only the exception class
            final String message = "Records could not be profiled: " + e.getClass().getSimpleName();
            getLogger().error(message);
            getLogger().debug("Profiling failed", e);
            session.transfer(session.putAttribute(original, "validation.error", message), FAILURE);
            return;
        }
        FlowFile suggestion = session.create(original);
        suggestion = session.write(suggestion, out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(profiler.suggest())));
        suggestion = session.putAllAttributes(suggestion, Map.of(
                CoreAttributes.MIME_TYPE.key(), "application/json",
                CoreAttributes.FILENAME.key(), suiteName + ".json",
                "profile.record.count", String.valueOf(profiler.records())));
        session.getProvenanceReporter().create(suggestion, "Suggested expectation suite from %d records".formatted(profiler.records()));
        session.transfer(suggestion, SUCCESS);
        session.transfer(original, ORIGINAL);
    }
}
