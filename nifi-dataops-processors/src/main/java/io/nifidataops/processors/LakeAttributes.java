package io.nifidataops.processors;

/**
 * FlowFile attributes PutLakeParquet reads and writes (lake.zone, lake.bucket and lake.prefix are
 * RouteToLakeZone's, in {@link io.nifidataops.lake.ZoneDecision}): the lake part of DESIGN.md's attribute contract. None
 * holds record values except lake.partitions, which holds the partition values the object keys show.
 */
public final class LakeAttributes {

    public static final String LAKE_SOURCE = "lake.source";
    public static final String LAKE_DATASET = "lake.dataset";

    public static final String LAKE_LOCATION = "lake.location";
    public static final String LAKE_FORMAT = "lake.format";
    public static final String LAKE_COMPRESSION = "lake.compression";
    public static final String LAKE_OBJECT_COUNT = "lake.object.count";
    public static final String LAKE_PARTITIONS = "lake.partitions";
    public static final String LAKE_SCHEMA = "lake.schema";
    public static final String LAKE_ERROR = "lake.error";
    public static final String LAKE_ERROR_CODE = "lake.error.code";
    public static final String RECORD_COUNT = "record.count";

    private LakeAttributes() {
    }
}
