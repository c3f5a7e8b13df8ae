package io.nifidataops.testing;

import java.util.List;

/**
 * Bad inputs that carry a marker string where a patient's value would be: if the marker shows up in an attribute, a
 * provenance event, a bulletin or a log line, an error text has copied input into it. Shared by the nifi-mock test and the
 * real-NiFi test of the error policy, so both check the same cases.
 */
public final class PhiMarkerCorpus {

    public static final String MARKER = "PHI-MARKER-7731";

    /** The explicit reader schema of the coercion cases. */
    public static final String VITALS_SCHEMA = """
            {"type": "record", "name": "vitals", "fields": [
              {"name": "patient_id", "type": "string"},
              {"name": "heart_rate", "type": ["null", "int"]},
              {"name": "measured_at", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]}]}""";

    /** A suite with a map and an aggregate expectation on the column the cases break. */
    public static final String SUITE = """
            {"name": "vitals", "expectations": [
              {"type": "expect_column_values_to_be_between", "kwargs": {"column": "heart_rate", "min_value": 20, "max_value": 250}},
              {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "heart_rate", "min_value": 20, "max_value": 250}}]}""";

    /**
     * A content a reader cannot take as it is, or takes with the marker in a value.
     *
     * @param readerSchema {@link #VITALS_SCHEMA}, or null for a reader that infers the schema
     */
    public record BadInput(String name, String readerSchema, boolean csv, String content) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static final List<BadInput> BAD_INPUTS = List.of(
            new BadInput("malformed JSON", null, false, "[{\"patient_id\": \"p-1\", \"heart_rate\": 72}, {\"patient_id\": " + MARKER + "}]"),
            new BadInput("malformed JSON under a schema", VITALS_SCHEMA, false, "{\"patient_id\": \"" + MARKER + "\", \"heart_rate\": " + MARKER + "}"),
            new BadInput("text in an int column", VITALS_SCHEMA, false, "{\"patient_id\": \"p-1\", \"heart_rate\": \"" + MARKER + "\"}"),
            new BadInput("number out of range", VITALS_SCHEMA, false, "{\"patient_id\": \"" + MARKER + "\", \"heart_rate\": 77310000000000000000731}"),
            new BadInput("bad timestamp", VITALS_SCHEMA, false, "{\"patient_id\": \"p-1\", \"measured_at\": \"" + MARKER + "\"}"),
            new BadInput("malformed CSV", null, true, "patient_id,heart_rate\n\"" + MARKER + ",72\np-2,\"80\n"),
            new BadInput("CSV text in an int column", VITALS_SCHEMA, true, "patient_id,heart_rate,measured_at\np-1," + MARKER + ",\n"),
            new BadInput("CSV bad timestamp", VITALS_SCHEMA, true, "patient_id,heart_rate,measured_at\np-1,72," + MARKER + "\n"));

    private PhiMarkerCorpus() {
    }
}
