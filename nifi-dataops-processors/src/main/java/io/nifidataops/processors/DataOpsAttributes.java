package io.nifidataops.processors;

/**
 * FlowFile attribute names of the contract between our processors (see DESIGN.md).
 * Attributes never hold record values: provenance copies every attribute into every event.
 */
public final class DataOpsAttributes {

    public static final String RECORD_COUNT = "record.count";
    public static final String MIME_TYPE = "mime.type";

    public static final String LAKE_SOURCE = "lake.source";
    public static final String LAKE_DATASET = "lake.dataset";

    public static final String VALIDATION_SUITE = "validation.suite";
    public static final String VALIDATION_SUCCESS = "validation.success";
    public static final String VALIDATION_UNEXPECTED_COUNT = "validation.unexpected.count";
    public static final String VALIDATION_ERROR = "validation.error";
    /** Which records a FlowFile holds after validation: valid or invalid (the suite's outcome is validation.success). */
    public static final String VALIDATION_OUTCOME = "validation.outcome";

    private DataOpsAttributes() {
    }
}
