package io.nifidataops.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Athena partition projection parameters, an alternative to registering each partition: Athena computes the
 * partitions from these table parameters. Date-like partition values (PutLakeParquet's MONTH, DAY and HOUR
 * granularities) get a date projection over {@code dateRange}; other columns are {@code injected}, so queries
 * must name their value in the WHERE clause.
 *
 * @param dateRange Athena range of the date projections, e.g. {@code NOW-10YEARS,NOW}
 */
public record PartitionProjection(String dateRange) {

    public static final String ENABLED = "projection.enabled";

    private record DateFormat(Pattern pattern, String format, String unit) {
    }

    private static final List<DateFormat> DATE_FORMATS = List.of(
            new DateFormat(Pattern.compile("\\d{4}-\\d{2}-\\d{2}-\\d{2}"), "yyyy-MM-dd-HH", "HOURS"),
            new DateFormat(Pattern.compile("\\d{4}-\\d{2}-\\d{2}"), "yyyy-MM-dd", "DAYS"),
            new DateFormat(Pattern.compile("\\d{4}-\\d{2}"), "yyyy-MM", "MONTHS"));

    /** @param sample the values of one partition, in key order, from which each column's kind is told */
    public Map<String, String> parameters(final String location, final List<String> keys, final List<String> sample) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(ENABLED, "true");
        final StringBuilder template = new StringBuilder(location);
        for (int i = 0; i < keys.size(); i++) {
            final String key = keys.get(i);
            template.append(key).append("=${").append(key).append("}/");
            final DateFormat date = dateFormat(sample.get(i));
            if (date == null) {
                parameters.put("projection." + key + ".type", "injected");
            } else {
                parameters.put("projection." + key + ".type", "date");
                parameters.put("projection." + key + ".format", date.format());
                parameters.put("projection." + key + ".range", dateRange);
                parameters.put("projection." + key + ".interval", "1");
                parameters.put("projection." + key + ".interval.unit", date.unit());
            }
        }
        parameters.put("storage.location.template", template.toString());
        return parameters;
    }

    private static DateFormat dateFormat(final String value) {
        return DATE_FORMATS.stream().filter(format -> format.pattern().matcher(value).matches()).findFirst().orElse(null);
    }
}
