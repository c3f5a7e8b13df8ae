package io.nifidataops.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Date;

/**
 * Dates and times from NiFi records, brought to one comparable form.
 * <p>
 * Dates and date-times become a {@link LocalDateTime} (a date is its midnight), times a {@link LocalTime}.
 * Naive values ({@link java.sql.Timestamp}, {@link LocalDateTime}, {@link LocalDate}, {@link java.sql.Date})
 * keep their wall clock, which is how NiFi's readers produced them; instants and zoned values
 * ({@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime}, {@link java.util.Date}) are converted to UTC.
 * pandas refuses to compare naive and aware timestamps; here both are comparable, on those terms.
 */
final class Temporals {

    private static final DateTimeFormatter SPACE_SEPARATED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private Temporals() {
    }

    static boolean isTemporal(final Object value) {
        return value instanceof Date || value instanceof TemporalAccessor;
    }

    /** The comparable wall-clock form, or null when the value is not a supported date or time. */
    @SuppressWarnings("unchecked")
    static Comparable<Object> comparable(final Object value) {
        return (Comparable<Object>) (Object) wallClock(value);
    }

    private static Comparable<?> wallClock(final Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (value instanceof Date d) {
            return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime || value instanceof LocalTime) {
            return (Comparable<?>) value;
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (value instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime o) {
            return LocalDateTime.ofInstant(o.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof ZonedDateTime z) {
            return LocalDateTime.ofInstant(z.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof OffsetTime o) {
            return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
        }
        return null;
    }

    /**
     * Parses ISO-8601 text (date, date-time with 'T' or a space, with or without offset, or a time) into the
     * comparable form; null when the text is none of these. Used for kwargs such as min_value and value_set.
     */
    static Comparable<Object> parse(final String text) {
        final String trimmed = text.trim();
        for (final Parser parser : PARSERS) {
            try {
                return comparable(parser.parse(trimmed));
            } catch (final DateTimeParseException ignored) {
                // try the next form
            }
        }
        return null;
    }

    private interface Parser {
        Object parse(String text);
    }

    private static final Parser[] PARSERS = {
            LocalDate::parse,
            LocalDateTime::parse,
            text -> LocalDateTime.parse(text, SPACE_SEPARATED),
            OffsetDateTime::parse,
            ZonedDateTime::parse,
            text -> OffsetDateTime.parse(text.replace(' ', 'T')),
            LocalTime::parse,
    };

    /** ISO-8601 text of a temporal value, as GE writes Python datetimes (isoformat). */
    static String iso(final Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        return value.toString();
    }
}
