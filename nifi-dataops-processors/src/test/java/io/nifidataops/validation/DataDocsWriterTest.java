package io.nifidataops.validation;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.Harness.columns;
import static io.nifidataops.validation.Harness.expectation;
import static org.assertj.core.api.Assertions.assertThat;

/** The Data Docs page as a browser reads it: text from the suite is shown, never interpreted. */
class DataDocsWriterTest {

    @Test
    void testSuiteTextIsEscapedAndThePageLoadsNothing() throws IOException {
        final CompiledSuite suite = CompiledSuite.compile(new ExpectationSuite("<script>alert(1)</script>", List.of(
                expectation("expect_column_values_to_match_regex", "column", "note", "regex", "^<b>&\"'$")), Map.of()));
        final ValidationResult result = columns("note", List.of("<b>&\"'", "<i>")).run(suite).validation();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataDocsWriter.write(result, Map.of("validation_time", "2025-06-01T12:00:00Z"), out);

        final Document html = Jsoup.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(html.select("script, link, img, iframe")).isEmpty();
        assertThat(html.getElementById("suite").text()).isEqualTo("<script>alert(1)</script>");
        assertThat(html.select("#results td").get(3).text()).contains("^<b>&\\\"'$");
        assertThat(html.text()).contains("validation_time: 2025-06-01T12:00:00Z");
    }
}
