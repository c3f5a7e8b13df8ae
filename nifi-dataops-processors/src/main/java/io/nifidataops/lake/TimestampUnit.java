package io.nifidataops.lake;

/** Precision of Parquet timestamps; both are stored as UTC-adjusted INT64. */
public enum TimestampUnit {
    /** timestamp-millis: what NiFi's own timestamps carry. */
    MILLIS,
    /** timestamp-micros: what Spark and Athena write, keeps sub-millisecond precision. */
    MICROS
}
