package io.nifidataops.lake;

import io.nifidataops.aws.AwsErrorClassifier;
import io.nifidataops.aws.AwsErrorClassifier.Action;
import io.nifidataops.aws.AwsErrorClassifier.Classification;
import io.nifidataops.catalog.CatalogException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;

/**
 * Decides what a failed lake write means for its FlowFile. Data and configuration problems fail the
 * FlowFile; local staging trouble and transient AWS or network trouble retry it; the rest is left to
 * {@link AwsErrorClassifier}. Descriptions hold no record values: our own messages name fields and
 * types only, and parser messages (which quote the input) are replaced by a fixed text.
 */
public final class LakeFailures {

    private LakeFailures() {
    }

    public static Classification classify(final Throwable failure) {
        return switch (failure) {
            case LakeSchemaException e -> fail("LakeSchema", e.getMessage());
            case CatalogException e -> fail("CatalogRefused", e.getMessage());
            case RecordConversionException e -> fail("RecordConversion", e.getMessage());
            case IllegalArgumentException e -> fail("Configuration", e.getMessage());
            case MalformedRecordException e -> fail("MalformedRecord", "the Record Reader could not parse the content");
            case SchemaNotFoundException e -> fail("SchemaNotFound", "the Record Reader found no schema for the content");
            case StagingException e -> new Classification(Action.RETRY, "Staging", e.getMessage());
            default -> AwsErrorClassifier.classify(failure);
        };
    }

    private static Classification fail(final String code, final String description) {
        return new Classification(Action.FAIL, code, description);
    }
}
