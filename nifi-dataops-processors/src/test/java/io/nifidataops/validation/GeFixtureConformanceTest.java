package io.nifidataops.validation;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs Great Expectations' own conformance fixtures (tests/test_definitions of GE 1.2.0, in
 * {@code ../shared/ge-fixtures} next to the project) against this implementation, the way GE's harness runs
 * them for the pandas backend: result format COMPLETE, record values included, the pandas schema of each
 * dataset applied. Every case of every fixture file whose expectation is supported runs, except those in
 * {@link #SKIPPED}; skipped when the fixture folder is absent.
 */
class GeFixtureConformanceTest {

    /** Cases that cannot match by design, by "file#title", with the reason. */
    private static final Map<String, String> SKIPPED = skipped();

    private static Map<String, String> skipped() {
        final Map<String, String> skipped = new LinkedHashMap<>();
        // Suite parameters ({"$PARAMETER": "now()"}) are a GE run-time feature; compile() rejects them on purpose.
        for (final String title : List.of("basic_positive_now_test", "basic_negative_now_test_pandas_spark_select_sql",
                "basic_positive_now_timedelta_test", "basic_negative_now_timedelta_test_pandas_spark_select_sql",
                "basic_positive_datetime_test", "basic_negative_datetime_test_pandas_spark_select_sql")) {
            skipped.put("expect_column_values_to_be_between__evaluation_parameters.json#" + title,
                    "suite parameters ($PARAMETER) are not supported");
        }
        // pandas judges a typed column by its numpy dtype and reports the dtype name as observed_value; records
        // have no dtype, so each value's Java type is checked and no observed_value exists to compare.
        for (final String title : List.of("dtype_object_and_type_object_still_has_aggregate_semantics",
                "dtype_object_and_type_object_still_has_aggregate_semantics_object_underscore",
                "dtype_object_and_type_object_still_has_aggregate_semantics_big_o",
                "positive_pandas_datetime_no_timezone", "positive_pandas_datetime_with_timezone",
                "negative_pandas_datetime_with_timezone", "negative_pandas_datetime_expected_int")) {
            skipped.put("expect_column_values_to_be_of_type.json#" + title, "pandas dtype name as observed_value");
        }
        return skipped;
    }

    /** GE writes its fixtures with Python's json: NaN, Infinity and -Infinity appear as bare words. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final ValidationOptions OPTIONS = new ValidationOptions(ResultFormat.COMPLETE, true, 20, 1_000_000);
    private static final Set<String> PANDAS = Set.of("pandas", "pandas>=024");
    /**
     * GE implements the LIKE expectations for SQL backends only; ours follow SQL LIKE, so their cases for
     * standard LIKE (sqlite, or any SQLAlchemy backend) are the reference. The mssql cases use T-SQL's [..] sets.
     */
    private static final Set<String> SQL_LIKE = Set.of("sqlite", "sqlalchemy");
    private static final Set<String> LIKE_TYPES = Set.of("expect_column_values_to_match_like_pattern",
            "expect_column_values_to_not_match_like_pattern", "expect_column_values_to_match_like_pattern_list",
            "expect_column_values_to_not_match_like_pattern_list");

    @TestFactory
    Stream<DynamicTest> fixtures() throws IOException {
        final Optional<Path> folder = fixtureFolder();
        assumeTrue(folder.isPresent(), "GE fixtures (../shared/ge-fixtures) not found");
        final List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder.get())) {
            for (final Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                tests.addAll(casesOf(file));
            }
        }
        return tests.stream();
    }

    private static Optional<Path> fixtureFolder() {
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final Path candidate = dir.resolve("shared").resolve("ge-fixtures");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static List<DynamicTest> casesOf(final Path file) throws IOException {
        final Map<String, Object> fixture = MAPPER.readValue(file.toFile(), Map.class);
        final String type = (String) fixture.get("expectation_type");
        if (!CompiledSuite.supportedTypes().contains(type)) {
            return List.of();
        }
        final Set<String> backends = LIKE_TYPES.contains(type) ? SQL_LIKE : PANDAS;
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Map<String, Object> dataset : (List<Map<String, Object>>) fixture.get("datasets")) {
            if (!appliesTo(dataset, backends) || ((List<?>) dataset.get("tests")).isEmpty()) {
                continue;
            }
            final Dataset data = Dataset.of(dataset);
            for (final Map<String, Object> test : (List<Map<String, Object>>) dataset.get("tests")) {
                if (!appliesTo(test, backends) || LIKE_TYPES.contains(type) && test.get("only_for") == null) {
                    continue;
                }
                final String id = file.getFileName() + "#" + test.get("title");
                tests.add(DynamicTest.dynamicTest(id, () -> {
                    assumeTrue(!SKIPPED.containsKey(id), () -> "skipped: " + SKIPPED.get(id));
                    FixtureCase.check(type, data, test);
                }));
            }
        }
        return tests;
    }

    /** As GE's harness decides for a backend: not suppressed for it, and only_for (if any) names it. */
    @SuppressWarnings("unchecked")
    private static boolean appliesTo(final Map<String, Object> entry, final Set<String> backend) {
        final List<String> suppressed = (List<String>) entry.getOrDefault("suppress_test_for", List.of());
        final List<String> onlyFor = (List<String>) entry.get("only_for");
        return suppressed.stream().noneMatch(backend::contains)
                && (onlyFor == null || onlyFor.isEmpty() || onlyFor.stream().anyMatch(backend::contains));
    }

    /** A fixture dataset as NiFi records: columns in order, values converted per the dataset's pandas schema. */
    record Dataset(List<String> columns, List<Map<String, Object>> rows) {

        @SuppressWarnings("unchecked")
        static Dataset of(final Map<String, Object> dataset) {
            final Map<String, List<Object>> data = (Map<String, List<Object>>) dataset.get("data");
            final Map<String, Object> schemas = (Map<String, Object>) dataset.getOrDefault("schemas", Map.of());
            final Map<String, String> pandas = (Map<String, String>) schemas.getOrDefault("pandas", Map.of());
            final int size = data.values().stream().mapToInt(List::size).max().orElse(0);
            final List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                final Map<String, Object> row = new HashMap<>();
                for (final Map.Entry<String, List<Object>> column : data.entrySet()) {
                    row.put(column.getKey(), convert(column.getValue().get(i), pandas.get(column.getKey())));
                }
                rows.add(row);
            }
            return new Dataset(List.copyOf(data.keySet()), rows);
        }

        /** What a NiFi reader with the matching schema would hand over for a pandas column of that dtype. */
        private static Object convert(final Object value, final String dtype) {
            if (dtype == null || dtype.equals("object")) {
                return value;
            }
            return switch (dtype.toLowerCase(Locale.ROOT)) {
                case "str" -> pythonStr(value);
                case "int", "int64", "int64dtype" -> value == null ? null : new BigDecimal(value.toString()).longValueExact();
                case "float", "float64" -> value == null ? null : Double.parseDouble(value.toString());
                case "bool" -> value;
                case "datetime", "datetime64", "datetime64[ns]" -> value == null ? null : Timestamp.valueOf(dateTime((String) value));
                case "timestamp" -> value == null ? null : Instant.parse((String) value);
                default -> throw new IllegalArgumentException("no conversion for pandas dtype " + dtype);
            };
        }

        /** pandas astype(str) turns None into "None" and floats into Python's repr. */
        private static String pythonStr(final Object value) {
            if (value == null) {
                return "None";
            }
            if (value instanceof Boolean b) {
                return b ? "True" : "False";
            }
            return value.toString();
        }

        private static LocalDateTime dateTime(final String text) {
            for (final String pattern : List.of("yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "MMM dd yyyy HH:mm:ss")) {
                try {
                    return LocalDateTime.parse(text, DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH));
                } catch (final DateTimeParseException ignored) {
                    // try the next pattern
                }
            }
            return LocalDate.parse(text).atStartOfDay();
        }
    }

    /** Runs one case and asserts what GE's harness asserts. */
    static final class FixtureCase {

        @SuppressWarnings("unchecked")
        static void check(final String type, final Dataset data, final Map<String, Object> test) {
            final Map<String, Object> kwargs = (Map<String, Object>) test.get("in");
            final Map<String, Object> out = (Map<String, Object>) test.get("out");
            final boolean expectsError = test.containsKey("error") || out.containsKey("traceback_substring");
            final CompiledSuite suite;
            try {
                suite = CompiledSuite.compile(new ExpectationSuite("fixture",
                        List.of(new ExpectationConfiguration(type, kwargs, Map.of())), Map.of()));
            } catch (final InvalidSuiteException e) {
                assertThat(expectsError).as("compile error %s", e.getMessage()).isTrue();
                return;
            }
            final ExpectationResult result = run(suite, data);
            if (expectsError) {
                // GE raises (TypeError, ValueError); we fail the expectation with exception_info
                assertThat(result.success()).isFalse();
                assertThat(result.exceptionMessage()).isNotNull();
                return;
            }
            assertThat(result.exceptionMessage()).isNull();
            if (Boolean.TRUE.equals(test.get("exact_match_out"))) {
                assertExactly(result, out);
                return;
            }
            for (final Map.Entry<String, Object> expected : out.entrySet()) {
                assertKey(result, expected.getKey(), expected.getValue(), (Number) test.get("tolerance"));
            }
        }

        private static ExpectationResult run(final CompiledSuite suite, final Dataset data) {
            final SuiteRun run = suite.newRun(data.columns(), OPTIONS);
            if (run.needsPreparationPass()) {
                data.rows().forEach(row -> run.prepare(row::get));
            }
            data.rows().forEach(row -> run.evaluate(row::get));
            return run.finish().results().get(0);
        }

        /**
         * exact_match_out, compared as GE's ExpectationValidationResult.__eq__ does: same success, both results
         * empty or both not, and equal values under every key the two results share.
         */
        @SuppressWarnings("unchecked")
        private static void assertExactly(final ExpectationResult result, final Map<String, Object> out) {
            assertThat(result.success()).as("success").isEqualTo(out.get("success"));
            final Map<String, Object> expected = (Map<String, Object>) out.getOrDefault("result", Map.of());
            assertThat(result.result().isEmpty()).as("result is empty").isEqualTo(expected.isEmpty());
            final Set<String> common = new java.util.TreeSet<>(expected.keySet());
            common.retainAll(result.result().keySet());
            for (final String k : common) {
                assertThat(k.endsWith("index_list") ? result.result().get(k) : normalize(result.result().get(k)))
                        .as("result." + k)
                        .isEqualTo(k.endsWith("index_list") ? indexes((List<Object>) expected.get(k)) : normalize(expected.get(k)));
            }
        }

        /** Every key GE's harness (check_json_test_result) checks, checked the way it checks it. */
        @SuppressWarnings("unchecked")
        private static void assertKey(final ExpectationResult result, final String key, final Object expected,
                                      final Number tolerance) {
            final Map<String, Object> r = result.result();
            switch (key) {
                case "success" -> assertThat(result.success()).as("success").isEqualTo(expected);
                case "observed_value" -> assertObserved(r.get("observed_value"), expected, tolerance);
                case "observed_value_list" -> assertThat(((List<Object>) expected).stream().map(FixtureCase::normalize))
                        .as(key).contains(normalize(r.get("observed_value")));
                case "unexpected_list", "partial_unexpected_list", "details" ->
                        assertThat(normalize(r.get(key))).as(key).isEqualTo(normalize(expected));
                case "unexpected_index_list" -> assertThat(r.get(key)).as(key).isEqualTo(indexes((List<Object>) expected));
                case "unexpected_count" -> {
                    // GE's harness does not check it (its counts depend on the backend's null handling)
                }
                case "value_counts" -> {
                    final Object counts = r.get("details") instanceof Map<?, ?> d ? d.get("value_counts") : null;
                    assertThat(counts).as("details.value_counts").isInstanceOf(List.class);
                    final List<Object> ours = ((List<Object>) counts).stream().map(FixtureCase::normalize).toList();
                    for (final Object entry : (List<Object>) expected) {
                        assertThat(ours).as("details.value_counts").contains(normalize(entry));
                    }
                }
                case "expected_partition", "observed_partition" -> assertPartition(r, key, (Map<String, Object>) expected);
                case "result" -> ((Map<String, Object>) expected).forEach((k, v) -> assertThat(
                        k.endsWith("index_list") ? r.get(k) : normalize(r.get(k)))
                        .as("result." + k).isEqualTo(k.endsWith("index_list") ? indexes((List<Object>) v) : normalize(v)));
                default -> {
                    if (key.startsWith("observed_cdf")) {
                        assertCdf(r, key, (Number) expected);
                    } else {
                        throw new AssertionError("fixture key not handled: " + key);
                    }
                }
            }
        }

        /** GE compares floats with numpy.allclose (or the case's tolerance); {"values": [..]} element-wise. */
        @SuppressWarnings("unchecked")
        private static void assertObserved(final Object actual, final Object expected, final Number tolerance) {
            if (tolerance != null) {
                if (expected instanceof Map<?, ?> map) {
                    assertThat(actual).as("observed_value").isInstanceOf(Map.class);
                    assertThat(((Map<String, Object>) actual).keySet()).as("observed_value keys").isEqualTo(map.keySet());
                    map.forEach((k, v) -> assertClose(((Map<?, ?>) actual).get(k), v, tolerance.doubleValue(), 0));
                } else {
                    assertClose(actual, expected, tolerance.doubleValue(), 0);
                }
            } else if (expected instanceof Map<?, ?> map && map.containsKey("values")) {
                assertThat(actual).as("observed_value").isInstanceOf(Map.class);
                assertClose(((Map<?, ?>) actual).get("values"), map.get("values"), RTOL, ATOL);
            } else if (expected != null && FLOAT.matcher(pythonRepr(expected)).matches() && actual instanceof Number) {
                assertClose(actual, expected, RTOL, ATOL);
            } else {
                assertThat(normalize(actual)).as("observed_value").isEqualTo(normalize(expected));
            }
        }

        private static final double RTOL = 1.0e-7;
        private static final double ATOL = 5.0e-2;
        private static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile("(?s).*\\d\\.\\d+.*");

        /** Python's repr of a JSON value, enough for GE's "is this a float" test. */
        private static String pythonRepr(final Object value) {
            return value instanceof Double || value instanceof Float || value instanceof List || value instanceof Map
                    ? String.valueOf(value) : "";
        }

        /** numpy.allclose: |a - b| <= atol + rtol * |b| element-wise, NaN never close. */
        private static void assertClose(final Object actual, final Object expected, final double rtol, final double atol) {
            if (expected instanceof List<?> list) {
                assertThat(actual).as("observed list").isInstanceOf(List.class);
                assertThat(((List<?>) actual)).as("observed list size").hasSize(list.size());
                for (int i = 0; i < list.size(); i++) {
                    assertClose(((List<?>) actual).get(i), list.get(i), rtol, atol);
                }
                return;
            }
            assertThat(actual).as("observed number").isInstanceOf(Number.class);
            final double a = ((Number) actual).doubleValue();
            final double b = ((Number) expected).doubleValue();
            assertThat(a == b || Math.abs(a - b) <= atol + rtol * Math.abs(b))
                    .as("%s close to %s (rtol %s, atol %s)", a, b, rtol, atol).isTrue();
        }

        @SuppressWarnings("unchecked")
        private static void assertPartition(final Map<String, Object> r, final String key, final Map<String, Object> expected) {
            final Map<String, Object> details = (Map<String, Object>) r.get("details");
            assertThat(details).as("details").isNotNull();
            final Map<String, Object> partition = (Map<String, Object>) details.get(key);
            assertThat(partition).as(key).isNotNull();
            assertClose(partition.get("bins"), expected.get("bins"), 1e-5, 1e-8);
            assertClose(partition.get("weights"), expected.get("weights"), 1e-5, 1e-8);
            if (partition.containsKey("tail_weights")) {
                assertClose(partition.get("tail_weights"), expected.get("tail_weights"), 1e-5, 1e-8);
            }
        }

        @SuppressWarnings("unchecked")
        private static void assertCdf(final Map<String, Object> r, final String key, final Number value) {
            final Map<String, Object> details = (Map<String, Object>) r.get("details");
            final List<Number> x = (List<Number>) ((Map<String, Object>) details.get("observed_cdf")).get("x");
            final double edge = (key.contains("x_-1") ? x.get(x.size() - 1) : x.get(0)).doubleValue();
            if (key.endsWith("gt")) {
                assertThat(edge).as(key).isGreaterThan(value.doubleValue());
            } else if (key.endsWith("lt")) {
                assertThat(edge).as(key).isLessThan(value.doubleValue());
            } else {
                assertThat(edge).as(key).isEqualTo(value.doubleValue());
            }
        }

        /** The harness adds a pk_index column; entries are {column: value, pk_index: n} or plain indexes. */
        private static List<Long> indexes(final List<Object> expected) {
            return expected.stream()
                    .map(e -> e instanceof Map<?, ?> m ? ((Number) m.get("pk_index")).longValue() : ((Number) e).longValue())
                    .toList();
        }

        /** Python equality: 5 == 5.0, dict == dict by content. */
        private static Object normalize(final Object value) {
            if (value instanceof Number n) {
                // NaN and the infinities have no exact decimal; they equal themselves
                return Values.exact(n) == null ? (Object) n.doubleValue() : Values.exact(n).stripTrailingZeros();
            }
            if (value instanceof Map<?, ?> map) {
                final Map<Object, Object> normalized = new HashMap<>();
                map.forEach((k, v) -> normalized.put(k, normalize(v)));
                return normalized;
            }
            if (value instanceof List<?> list) {
                return list.stream().map(FixtureCase::normalize).toList();
            }
            return Temporals.isTemporal(value) ? Temporals.iso(value) : value;
        }
    }

}
