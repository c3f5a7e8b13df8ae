package io.nifidataops.lake;

import io.nifidataops.aws.AwsErrorClassifier;
import io.nifidataops.aws.AwsErrorClassifier.Action;
import io.nifidataops.aws.AwsErrorClassifier.Classification;
import io.nifidataops.catalog.CatalogException;
import io.nifidataops.processors.SafeErrorMessages;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;

/**
 * Decides what a failed lake write means for its FlowFile. Data and configuration problems fail the
 * FlowFile; local staging trouble and transient AWS or network trouble retry it; the rest is left to
 * {@link AwsErrorClassifier}. Descriptions follow {@link SafeErrorMessages}: our own messages name fields and
 * types only, and of any other exception (a parser's quotes the input) only the class name is kept.
 */
public final class LakeFailures {

    private LakeFailures() {
    }

    public static Classification classify(final Throwable failure) {
        return switch (failure) {
            case LakeSchemaException e -> fail("LakeSchema", SafeErrorMessages.describe(e));
            case CatalogException e -> fail("CatalogRefused", SafeErrorMessages.describe(e));
            case RecordConversionException e -> fail("RecordConversion", SafeErrorMessages.describe(e));
            case LakeConfigurationException e -> fail("Configuration", SafeErrorMessages.describe(e));
            case MalformedRecordException e -> fail("MalformedRecord", "the Record Reader could not parse the content (" + SafeErrorMessages.describe(e) + ")");
            case SchemaNotFoundException e -> fail("SchemaNotFound", "the Record Reader found no schema for the content");
            // A reader's type conversion error (IllegalTypeConversionException) quotes the value; describe() keeps its type only
            case IllegalArgumentException e -> fail("Configuration", SafeErrorMessages.describe(e));
            case StagingException e -> new Classification(Action.RETRY, "Staging", SafeErrorMessages.describe(e));
            default -> AwsErrorClassifier.classify(failure);
        };
    }

    private static Classification fail(final String code, final String description) {
        return new Classification(Action.FAIL, code, description);
    }
}
