package io.nifidataops.lake;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How finely a timestamp field partitions the table; values are formatted in UTC unless a zone is given. */
public enum DateGranularity {
    /** {@code 2026-11} */
    MONTH("yyyy-MM"),
    /** {@code 2026-11-23} */
    DAY("yyyy-MM-dd"),
    /** {@code 2026-11-23-10}: no colon, which Hive would escape, and a format Athena partition projection reads. */
    HOUR("yyyy-MM-dd-HH");

    private final DateTimeFormatter formatter;

    DateGranularity(final String pattern) {
        this.formatter = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }

    public String format(final Instant instant) {
        return formatter.format(instant);
    }

    /** The partition value of this instant as a clock in the given zone shows it, e.g. a local hospital day. */
    public String format(final Instant instant, final ZoneId zone) {
        return ZoneOffset.UTC.equals(zone) ? formatter.format(instant) : formatter.withZone(zone).format(instant);
    }
}
