package io.nifidataops.lake;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Date;

/**
 * Converters for date, time and timestamp columns. NiFi hands out java.sql.Date/Time/Timestamp (local
 * wall-clock values, so they convert through their local forms), java.time values, epoch milliseconds
 * or ISO-8601 text. Values without a zone (LocalDateTime, text without offset) are taken as UTC.
 */
final class TemporalConverters {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private TemporalConverters() {
    }

    /** Avro date: days since 1970-01-01. */
    static ValueConverter toDate(final String path) {
        return value -> {
            try {
                return (int) toLocalDate(value).toEpochDay();
            } catch (final DateTimeException | ArithmeticException | IllegalArgumentException e) {
                throw RecordConversionException.notRepresentable(path, "date");
            }
        };
    }

    /** Avro time-millis: milliseconds after midnight. */
    static ValueConverter toTimeMillis(final String path) {
        return value -> {
            try {
                return (int) (toLocalTime(value).toNanoOfDay() / 1_000_000L);
            } catch (final DateTimeException | IllegalArgumentException e) {
                throw RecordConversionException.notRepresentable(path, "time-millis");
            }
        };
    }

    /** Avro timestamp-millis or timestamp-micros: UTC instant since the epoch. */
    static ValueConverter toTimestamp(final String path, final TimestampUnit unit) {
        final String type = unit == TimestampUnit.MILLIS ? "timestamp-millis" : "timestamp-micros";
        return value -> {
            try {
                final Instant instant = toInstant(value);
                return unit == TimestampUnit.MILLIS ? instant.toEpochMilli() : epochMicros(instant);
            } catch (final DateTimeException | ArithmeticException | IllegalArgumentException e) {
                throw RecordConversionException.notRepresentable(path, type);
            }
        };
    }

    static Instant toInstant(final Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            case java.sql.Date date -> date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            case Date date -> Instant.ofEpochMilli(date.getTime());
            case OffsetDateTime dateTime -> dateTime.toInstant();
            case ZonedDateTime dateTime -> dateTime.toInstant();
            case LocalDateTime dateTime -> dateTime.toInstant(ZoneOffset.UTC);
            case LocalDate date -> date.atStartOfDay(ZoneOffset.UTC).toInstant();
            case Long millis -> Instant.ofEpochMilli(millis);
            case Integer millis -> Instant.ofEpochMilli(millis);
            case CharSequence text -> parseInstant(text.toString().strip());
            default -> throw new IllegalArgumentException("unsupported");
        };
    }

    /** ISO-8601 text of a temporal value (UTC for instants), used when a CHOICE column is a string. */
    static String isoText(final Object value) {
        return switch (value) {
            case java.sql.Date date -> date.toLocalDate().toString();
            case java.sql.Time time -> time.toLocalTime().toString();
            case Date date -> toInstant(date).toString();
            default -> value.toString();
        };
    }

    private static LocalDate toLocalDate(final Object value) {
        return switch (value) {
            case LocalDate date -> date;
            case java.sql.Date date -> date.toLocalDate();
            case LocalDateTime dateTime -> dateTime.toLocalDate();
            case Number millis -> LocalDate.ofEpochDay(Math.floorDiv(millis.longValue(), MILLIS_PER_DAY));
            case CharSequence text -> LocalDate.parse(text.toString().strip());
            default -> toInstant(value).atOffset(ZoneOffset.UTC).toLocalDate();
        };
    }

    private static LocalTime toLocalTime(final Object value) {
        return switch (value) {
            case LocalTime time -> time;
            case java.sql.Time time -> time.toLocalTime();
            case Number millis -> LocalTime.ofNanoOfDay(Math.floorMod(millis.longValue(), MILLIS_PER_DAY) * 1_000_000L);
            case CharSequence text -> LocalTime.parse(text.toString().strip());
            default -> toInstant(value).atOffset(ZoneOffset.UTC).toLocalTime();
        };
    }

    private static Instant parseInstant(final String text) {
        final TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime dateTime ? dateTime.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }

    private static long epochMicros(final Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
