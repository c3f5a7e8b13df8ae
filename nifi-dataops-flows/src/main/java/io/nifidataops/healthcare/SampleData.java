package io.nifidataops.healthcare;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic sample data for the three sources (the same seed gives the same bytes): FHIR R4-style encounters and
 * patients, wearable vitals as JSON lines, lab results as CSV. Every batch holds deliberately bad records, one of each
 * kind its suite catches, and one device batch is not JSON at all.
 */
public final class SampleData {

    /** One unit of delivery: an HTTP request body or a dropped file. {@code records} is -1 when the content is unreadable. */
    public record Batch(String source, String dataset, String name, byte[] content, int records, int invalid) {
        public boolean unreadable() {
            return records < 0;
        }
    }

    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
    private static final String[] ACTIVITIES = {"rest", "walk", "run", "sleep"};
    private static final String[] LOINC = {"2345-7", "718-7", "2160-0", "6690-2"};
    private static final String[] UNITS = {"mg/dL", "g/dL", "mg/dL", "10*3/uL"};

    private final Random random;

    private SampleData(final long seed) {
        this.random = new Random(seed);
    }

    public static List<Batch> generate(final long seed) {
        final SampleData data = new SampleData(seed);
        final List<Batch> batches = new ArrayList<>();
        batches.add(data.patients(0, 20));
        for (int batch = 0; batch < 2; batch++) {
            batches.add(data.encounters(batch, 25));
        }
        for (int batch = 0; batch < 3; batch++) {
            batches.add(data.vitals(batch, 40));
        }
        batches.add(new Batch("device", "vitals", "vitals-malformed", "{\"patient_id\": \"pat-00001\", \"heart_rate\": 7"
                .getBytes(StandardCharsets.UTF_8), -1, 0));
        for (int batch = 0; batch < 2; batch++) {
            batches.add(data.labs(batch, 30));
        }
        return batches;
    }

    /** Bad: a null id, a gender outside the FHIR value set, a birth date that is not YYYY-MM-DD. */
    private Batch patients(final int batch, final int count) {
        final List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String id = i == 3 ? null : patientId(batch * count + i);
            final String gender = i == 7 ? "unknown-x" : (random.nextBoolean() ? "female" : "male");
            final String birthDate = i == 11 ? "31/02/1980" : String.format(Locale.ROOT, "%d-%02d-%02d",
                    1940 + random.nextInt(70), 1 + random.nextInt(12), 1 + random.nextInt(28));
            rows.add("{\"resourceType\": \"Patient\", \"id\": " + quote(id) + ", \"gender\": " + quote(gender)
                    + ", \"birthDate\": " + quote(birthDate) + ", \"address\": {\"postalCode\": \"" + (10000 + random.nextInt(89999))
                    + "\", \"country\": \"US\"}}");
        }
        return jsonArray("hospital", "patients", batch, rows, 3);
    }

    /** Bad: an unknown status, a class outside the value set, a period that does not parse. */
    private Batch encounters(final int batch, final int count) {
        final List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final Instant start = DAY.plus(random.nextInt(72), ChronoUnit.HOURS);
            final String status = i == 2 ? "teleported" : (random.nextInt(4) == 0 ? "in-progress" : "finished");
            final String classCode = i == 9 ? "SPACE" : (random.nextBoolean() ? "IMP" : "AMB");
            final String periodStart = i == 17 ? "yesterday-ish" : start.toString();
            rows.add("{\"resourceType\": \"Encounter\", \"id\": \"enc-" + String.format(Locale.ROOT, "%05d", batch * count + i)
                    + "\", \"status\": \"" + status + "\", \"class_code\": \"" + classCode + "\", \"subject\": {\"reference\": \"Patient/"
                    + patientId(random.nextInt(20)) + "\"}, \"period_start\": \"" + periodStart + "\", \"period_end\": \""
                    + start.plus(1 + random.nextInt(48), ChronoUnit.HOURS) + "\", \"service_type\": \""
                    + (random.nextBoolean() ? "cardiology" : "general-medicine") + "\"}");
        }
        return jsonArray("hospital", "encounters", batch, rows, 3);
    }

    /** Bad: heart rate 310, a malformed device id, a null patient id, an activity outside the set. */
    private Batch vitals(final int batch, final int count) {
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            final String patient = i == 5 ? null : patientId(random.nextInt(20));
            final String device = i == 13 ? "DEV-13" : String.format(Locale.ROOT, "dev-%06d", random.nextInt(1_000_000));
            final int heartRate = i == 21 ? 310 : 55 + random.nextInt(70);
            final String activity = i == 29 ? "skydiving" : ACTIVITIES[random.nextInt(ACTIVITIES.length)];
            lines.append(String.format(Locale.ROOT, "{\"patient_id\": %s, \"device_id\": \"%s\", \"ts\": \"%s\", \"heart_rate\": %d,"
                            + " \"spo2\": %d, \"temperature_c\": %.1f, \"systolic_bp\": %d, \"respiratory_rate\": %d, \"steps\": %d,"
                            + " \"activity\": \"%s\"}%n", quote(patient), device,
                    DAY.plus(batch * 3600L + i * 60L, ChronoUnit.SECONDS), heartRate, 86 + random.nextInt(14),
                    35.5 + random.nextInt(40) / 10.0, 95 + random.nextInt(60), 10 + random.nextInt(20), random.nextInt(5000), activity));
        }
        return new Batch("device", "vitals", "vitals-" + batch, lines.toString().getBytes(StandardCharsets.UTF_8), count, 4);
    }

    /** Bad: a malformed LOINC code, an empty value, an unknown status, a collection time that does not parse. */
    private Batch labs(final int batch, final int count) {
        final StringBuilder csv = new StringBuilder("patient_id,specimen_id,loinc_code,value,unit,collected_at,status\n");
        for (int i = 0; i < count; i++) {
            final int test = random.nextInt(LOINC.length);
            csv.append(patientId(random.nextInt(20))).append(',')
                    .append(String.format(Locale.ROOT, "spc-%05d", batch * count + i)).append(',')
                    .append(i == 4 ? "LOINC-X" : LOINC[test]).append(',')
                    .append(i == 12 ? "" : String.format(Locale.ROOT, "%.1f", 1 + random.nextInt(2000) / 10.0)).append(',')
                    .append(UNITS[test]).append(',')
                    .append(i == 26 ? "not-a-date" : DAY.plus(batch * 86_400L + i * 600L, ChronoUnit.SECONDS).toString()).append(',')
                    .append(i == 19 ? "misplaced" : (random.nextInt(5) == 0 ? "preliminary" : "final")).append('\n');
        }
        return new Batch("lab", "lab_results", "lab-results-" + batch + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8), count, 4);
    }

    private static Batch jsonArray(final String source, final String dataset, final int batch, final List<String> rows, final int invalid) {
        final byte[] content = ("[\n" + String.join(",\n", rows) + "\n]\n").getBytes(StandardCharsets.UTF_8);
        return new Batch(source, dataset, dataset + "-" + batch, content, rows.size(), invalid);
    }

    private static String patientId(final int number) {
        return String.format(Locale.ROOT, "pat-%05d", number);
    }

    private static String quote(final String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
