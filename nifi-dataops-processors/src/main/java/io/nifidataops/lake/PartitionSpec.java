package io.nifidataops.lake;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * How a table is partitioned, in path order: a date derived from a timestamp field, then record
 * fields, then FlowFile attributes. Field partition columns move out of the data into the path (as
 * Hive and Glue require); the timestamp field stays in the data.
 *
 * @param dateField record field the date partition comes from, or null for none
 * @param dateColumn column name of the date partition, e.g. {@code event_date}
 * @param fields record fields whose values partition the table
 * @param attributes FlowFile attributes whose values partition the table
 * @param timeZone zone in which the date partition's day (or month, hour) is taken
 */
public record PartitionSpec(String dateField, String dateColumn, DateGranularity granularity, List<String> fields, List<String> attributes,
                            ZoneId timeZone) {

    public static final PartitionSpec NONE = new PartitionSpec(null, null, DateGranularity.DAY, List.of(), List.of());

    public PartitionSpec {
        fields = List.copyOf(fields);
        attributes = List.copyOf(attributes);
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
    }

    /** A spec whose date partition is taken in UTC. */
    public PartitionSpec(final String dateField, final String dateColumn, final DateGranularity granularity, final List<String> fields,
                         final List<String> attributes) {
        this(dateField, dateColumn, granularity, fields, attributes, ZoneOffset.UTC);
    }

    public boolean isEmpty() {
        return dateField == null && fields.isEmpty() && attributes.isEmpty();
    }
}
