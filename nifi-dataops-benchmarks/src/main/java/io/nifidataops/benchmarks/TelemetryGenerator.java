package io.nifidataops.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Writes wearable vital-sign telemetry matching flow-templates/suites/vitals.json, one record at a time straight to a file.
 * The same seed gives the same bytes. About one record in {@value #BAD_ONE_IN} carries exactly one {@link Defect}, each of which
 * breaks exactly one row-level expectation of the suite while keeping the field's JSON type, so every reader accepts every record.
 */
public final class TelemetryGenerator {

    /** NDJSON (one object per line) or a single JSON array. */
    public enum Layout { NDJSON, JSON_ARRAY }

    /** What was written: the bad records are the ones the vitals suite must route to invalid. */
    public record Generated(Path file, long records, long badRecords, long bytes) {
    }

    enum Defect { NULL_PATIENT, BAD_DEVICE_ID, BAD_TIMESTAMP, HEART_RATE_OUT_OF_RANGE, SPO2_OUT_OF_RANGE, TEMPERATURE_OUT_OF_RANGE, UNKNOWN_ACTIVITY }

    static final int BAD_ONE_IN = 50;
    private static final Defect[] DEFECTS = Defect.values();
    private static final String[] ACTIVITIES = {"rest", "walk", "run", "sleep"};
    private static final int PATIENTS = 20_000;
    private static final long FIRST_EPOCH_SECOND = 1_735_689_600L; // 2025-01-01T00:00:00Z

    private TelemetryGenerator() {
    }

    public static Generated generate(final Path file, final long records, final long seed, final Layout layout) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        final SplittableRandom random = new SplittableRandom(seed);
        final StringBuilder line = new StringBuilder(256);
        long bad = 0;
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.US_ASCII), 1 << 20)) {
            if (layout == Layout.JSON_ARRAY) {
                out.write("[\n");
            }
            for (long i = 0; i < records; i++) {
                line.setLength(0);
                if (layout == Layout.JSON_ARRAY && i > 0) {
                    line.append(",\n");
                }
                final Defect defect = random.nextInt(BAD_ONE_IN) == 0 ? DEFECTS[random.nextInt(DEFECTS.length)] : null;
                if (defect != null) {
                    bad++;
                }
                appendRecord(line, FIRST_EPOCH_SECOND + i, random, defect);
                if (layout == Layout.NDJSON) {
                    line.append('\n');
                }
                out.append(line);
            }
            if (layout == Layout.JSON_ARRAY) {
                out.write("\n]\n");
            }
        }
        return new Generated(file, records, bad, Files.size(file));
    }

    private static void appendRecord(final StringBuilder json, final long epochSecond, final SplittableRandom random, final Defect defect) {
        final int patient = random.nextInt(PATIENTS);
        final int activity = random.nextInt(ACTIVITIES.length);
        int heartRate = switch (activity) {
            case 0 -> 55 + random.nextInt(30);
            case 1 -> 80 + random.nextInt(40);
            case 2 -> 120 + random.nextInt(55);
            default -> 45 + random.nextInt(20);
        };
        final int steps = switch (activity) {
            case 1 -> random.nextInt(120);
            case 2 -> 120 + random.nextInt(80);
            default -> 0;
        };
        int spo2Tenths = 940 + random.nextInt(60);
        int temperatureTenths = 360 + random.nextInt(20);
        if (defect == Defect.HEART_RATE_OUT_OF_RANGE) {
            heartRate = 260 + random.nextInt(60);
        } else if (defect == Defect.SPO2_OUT_OF_RANGE) {
            spo2Tenths = 300 + random.nextInt(150);
        } else if (defect == Defect.TEMPERATURE_OUT_OF_RANGE) {
            temperatureTenths = 460 + random.nextInt(20);
        }

        json.append("{\"patient_id\":");
        if (defect == Defect.NULL_PATIENT) {
            json.append("null");
        } else {
            appendPadded(json.append("\"pat-"), patient, 5).append('"');
        }
        appendPadded(json.append(",\"device_id\":\"dev-"), patient, defect == Defect.BAD_DEVICE_ID ? 5 : 6).append('"');
        json.append(",\"ts\":\"");
        appendTimestamp(json, epochSecond, defect == Defect.BAD_TIMESTAMP);
        json.append("\",\"heart_rate\":").append(heartRate);
        appendTenths(json.append(",\"spo2\":"), spo2Tenths);
        appendTenths(json.append(",\"temperature_c\":"), temperatureTenths);
        json.append(",\"steps\":").append(steps);
        json.append(",\"activity\":\"").append(defect == Defect.UNKNOWN_ACTIVITY ? "swim" : ACTIVITIES[activity]).append("\"}");
    }

    /** %Y-%m-%dT%H:%M:%SZ, or a space-separated form without the zone that the suite's strftime format rejects. */
    private static void appendTimestamp(final StringBuilder json, final long epochSecond, final boolean malformed) {
        final LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        json.append(time.getYear()).append('-');
        appendPadded(json, time.getMonthValue(), 2).append('-');
        appendPadded(json, time.getDayOfMonth(), 2).append(malformed ? ' ' : 'T');
        appendPadded(json, time.getHour(), 2).append(':');
        appendPadded(json, time.getMinute(), 2).append(':');
        appendPadded(json, time.getSecond(), 2);
        if (!malformed) {
            json.append('Z');
        }
    }

    private static StringBuilder appendPadded(final StringBuilder json, final int value, final int width) {
        for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
            if (value < limit) {
                json.append('0');
            }
        }
        return json.append(value);
    }

    /** Always with a decimal point, so an inferring reader sees a double. */
    private static void appendTenths(final StringBuilder json, final int tenths) {
        json.append(tenths / 10).append('.').append(tenths % 10);
    }
}
