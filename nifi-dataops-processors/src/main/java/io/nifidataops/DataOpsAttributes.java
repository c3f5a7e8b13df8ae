package io.nifidataops;

/**
 * FlowFile attribute names: the contract between our processors (docs/architecture.md), in one place for the processors and
 * the framework-free cores that read them. Attributes never hold record values, because provenance copies every
 * attribute into every event; the one exception, lake.partitions, holds the partition values the object keys show.
 */
public final class DataOpsAttributes {

    public static final String RECORD_COUNT = "record.count";
    public static final String MIME_TYPE = "mime.type";

    /** Set by the flow at ingest. */
    public static final String LAKE_SOURCE = "lake.source";
    public static final String LAKE_DATASET = "lake.dataset";

    /** ValidateRecordExpectations. */
    public static final String VALIDATION_SUITE = "validation.suite";
    /** Whether the suite succeeded on the whole incoming FlowFile (the batch), on every FlowFile the validator emits. */
    public static final String VALIDATION_BATCH_SUCCESS = "validation.batch.success";
    /** Unexpected values the row-level expectations counted in the whole batch. */
    public static final String VALIDATION_BATCH_UNEXPECTED_COUNT = "validation.batch.unexpected.count";
    /** The suite's success as other tools (and earlier versions of the validator) set it; RouteToLakeZone reads it when there is no outcome. */
    public static final String VALIDATION_SUCCESS = "validation.success";
    public static final String VALIDATION_UNEXPECTED_COUNT = "validation.unexpected.count";
    /** Which records a FlowFile holds after validation: valid or invalid (the batch's result is validation.batch.success). */
    public static final String VALIDATION_OUTCOME = "validation.outcome";
    public static final String VALIDATION_ERROR = "validation.error";

    /** RouteToLakeZone. */
    public static final String LAKE_ZONE = "lake.zone";
    public static final String LAKE_BUCKET = "lake.bucket";
    public static final String LAKE_PREFIX = "lake.prefix";

    /** PutLakeParquet. */
    public static final String LAKE_LOCATION = "lake.location";
    public static final String LAKE_FORMAT = "lake.format";
    public static final String LAKE_COMPRESSION = "lake.compression";
    public static final String LAKE_OBJECT_COUNT = "lake.object.count";
    public static final String LAKE_PARTITIONS = "lake.partitions";
    public static final String LAKE_SCHEMA = "lake.schema";
    public static final String LAKE_ERROR = "lake.error";
    public static final String LAKE_ERROR_CODE = "lake.error.code";

    /** RegisterGlueTable. */
    public static final String GLUE_DATABASE = "glue.database";
    public static final String GLUE_TABLE = "glue.table";
    public static final String GLUE_TABLE_VERSION = "glue.table.version";
    public static final String GLUE_PARTITIONS_CREATED = "glue.partitions.created";
    public static final String GLUE_ERROR = "glue.error";
    public static final String GLUE_ERROR_CODE = "glue.error.code";

    /** ScoreRecords. */
    public static final String MODEL_NAME = "model.name";
    public static final String MODEL_VERSION = "model.version";
    public static final String MODEL_HASH = "model.hash";
    public static final String SCORE_COUNT = "score.count";
    public static final String SCORE_ERROR = "score.error";
    public static final String SCORE_ERROR_KIND = "score.error.kind";

    private DataOpsAttributes() {
    }
}
