package io.nifidataops.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every case of every file of the SQL on FHIR v2 conformance tests in src/test/resources/sof-tests (part of the
 * official suite, MIT, see its README.md and LICENSE.md): the view runs over the file's resources and its rows must
 * equal the expected ones (order-insensitive, as the suite's runners compare), or it must fail when the case expects
 * an error; {@code expectColumns} must match the column order.
 */
class SqlOnFhirConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        final URL folder = SqlOnFhirConformanceTest.class.getResource("/sof-tests");
        final List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            for (final Path file : files.sorted().toList()) {
                final String name = file.getFileName().toString();
                if (!name.endsWith(".json") || "tests.schema.json".equals(name)) {
                    continue;
                }
                final JsonNode suite = JSON.readTree(file.toFile());
                for (final JsonNode test : suite.get("tests")) {
                    cases.add(Arguments.of(name + ": " + test.get("title").asText(), suite, test));
                }
            }
        }
        assertThat(cases).hasSizeGreaterThan(90);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void testCase(final String title, final JsonNode suite, final JsonNode test) throws Exception {
        final List<Resource> resources = new ArrayList<>();
        final FhirResourceParser parser = new FhirResourceParser();
        int index = 0;
        for (final JsonNode resource : suite.get("resources")) {
            resources.add(parser.parse(JSON.writeValueAsString(resource), "resource " + index++));
        }
        if (test.path("expectError").asBoolean(false)) {
            assertThatThrownBy(() -> run(test.get("view"), resources))
                    .isInstanceOfAny(ViewDefinitionException.class, ViewEvaluationException.class);
            return;
        }
        final Result result = run(test.get("view"), resources);
        if (test.has("expectColumns")) {
            final List<String> expectedColumns = new ArrayList<>();
            test.get("expectColumns").forEach(column -> expectedColumns.add(column.asText()));
            assertThat(result.columns()).containsExactlyElementsOf(expectedColumns);
        }
        final List<Map<String, Object>> expected = new ArrayList<>();
        for (final JsonNode row : test.get("expect")) {
            final Map<String, Object> values = new LinkedHashMap<>();
            row.fields().forEachRemaining(field -> values.put(field.getKey(), plain(field.getValue())));
            expected.add(values);
        }
        assertThat(result.rows()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private record Result(List<String> columns, List<Map<String, Object>> rows) {
    }

    private static Result run(final JsonNode viewJson, final List<Resource> resources) {
        final ViewDefinition view = ViewDefinition.compile(viewJson, "test");
        final ViewRunner runner = new ViewRunner(view);
        final List<String> columns = view.columns().stream().map(ViewColumn::name).toList();
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final Resource resource : resources) {
            for (final Object[] row : runner.rows(resource)) {
                final Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < row.length; i++) {
                    values.put(columns.get(i), plain(row[i]));
                }
                rows.add(values);
            }
        }
        return new Result(columns, rows);
    }

    // JSON and view values on one footing: numbers by value, lists element-wise.
    private static Object plain(final Object value) {
        if (value instanceof JsonNode node) {
            if (node.isNull()) {
                return null;
            }
            if (node.isArray()) {
                final List<Object> items = new ArrayList<>();
                node.forEach(item -> items.add(plain(item)));
                return items;
            }
            if (node.isNumber()) {
                return node.decimalValue().stripTrailingZeros();
            }
            if (node.isBoolean()) {
                return node.asBoolean();
            }
            if (node.isTextual()) {
                return node.asText();
            }
            fail("unexpected expected value of JSON type " + node.getNodeType());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SqlOnFhirConformanceTest::plain).toList();
        }
        if (value instanceof Integer || value instanceof Long) {
            return new BigDecimal(value.toString()).stripTrailingZeros();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros();
        }
        return value;
    }

    static InputStream resource(final String name) {
        return SqlOnFhirConformanceTest.class.getResourceAsStream(name);
    }
}
