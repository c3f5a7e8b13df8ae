package io.nifidataops.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a validation result as one self-contained HTML page, in the spirit of Great Expectations' Data Docs but
 * readable without GE: no scripts, no external styles or fonts, everything escaped. It shows exactly what the JSON report
 * holds, so record values appear only when the run allowed them (Include Unexpected Values).
 */
public final class DataDocsWriter {

    private static final JsonFactory JSON = new JsonFactory();
    /** Result keys shown in their own columns; the rest goes under "details". */
    private static final Set<String> OWN_COLUMNS = Set.of("observed_value", "element_count", "unexpected_count", "unexpected_percent");

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#1d2630}
            h1{font-size:1.5em;margin-bottom:.2em} .meta{color:#566;font-size:.9em}
            .badge{display:inline-block;padding:.2em .7em;border-radius:1em;font-weight:600;color:#fff}
            .ok{background:#2e7d32} .fail{background:#c62828}
            table{border-collapse:collapse;width:100%;margin-top:1em;font-size:.9em}
            th,td{border:1px solid #d5dbe0;padding:.4em .6em;text-align:left;vertical-align:top}
            th{background:#f0f3f5} tr.failed td{background:#fdf1f1} code{font-size:.85em;white-space:pre-wrap;word-break:break-all}
            .stats td{font-weight:600}
            """;

    private DataDocsWriter() {
    }

    /**
     * @param meta shown under the title (validation time, FlowFile id, ...); leaves {@code out} open
     */
    public static void write(final ValidationResult result, final Map<String, Object> meta, final OutputStream out) throws IOException {
        final Writer html = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        html.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Validation report: ");
        html.write(escape(result.suiteName()));
        html.write("</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n");
        html.write("<h1>Expectation suite <span id=\"suite\">" + escape(result.suiteName()) + "</span></h1>\n");
        html.write("<p><span id=\"outcome\" class=\"badge " + (result.success() ? "ok\">Succeeded" : "fail\">Failed") + "</span></p>\n");
        html.write("<p class=\"meta\">");
        for (final Map.Entry<String, Object> entry : meta.entrySet()) {
            html.write(escape(entry.getKey()) + ": " + escape(String.valueOf(entry.getValue())) + "<br>");
        }
        html.write("</p>\n");
        final Statistics statistics = result.statistics();
        html.write("<table class=\"stats\" id=\"statistics\"><tr><th>Evaluated expectations</th><th>Successful</th><th>Unsuccessful</th>"
                + "<th>Success percent</th></tr>\n<tr><td>" + statistics.evaluatedExpectations() + "</td><td>" + statistics.successfulExpectations()
                + "</td><td>" + statistics.unsuccessfulExpectations() + "</td><td>"
                + (Double.isNaN(statistics.successPercent()) ? "-" : String.format(Locale.ROOT, "%.1f %%", statistics.successPercent()))
                + "</td></tr></table>\n");
        html.write("<table id=\"results\">\n<tr><th>Status</th><th>Expectation</th><th>Column</th><th>Arguments</th><th>Observed value</th>"
                + "<th>Elements</th><th>Unexpected</th><th>Details</th></tr>\n");
        for (final ExpectationResult expectation : result.results()) {
            writeRow(html, expectation);
        }
        html.write("</table>\n<p class=\"meta\">Rendered by nifi-dataops from the Great Expectations 1.x validation result. Record values "
                + "appear only when the processor's Include Unexpected Values is true.</p>\n</body>\n</html>\n");
        html.flush();
    }

    private static void writeRow(final Writer html, final ExpectationResult expectation) throws IOException {
        final Map<String, Object> result = expectation.result();
        final Map<String, Object> kwargs = new java.util.LinkedHashMap<>(expectation.config().kwargs());
        kwargs.keySet().removeAll(Set.of("column", "column_A", "column_B", "column_list"));
        final Map<String, Object> details = new java.util.LinkedHashMap<>(result);
        details.keySet().removeAll(OWN_COLUMNS);
        if (expectation.exceptionMessage() != null) {
            details.put("exception", expectation.exceptionMessage());
        }
        final String column = ExpectationMetric.columns(expectation.config().kwargs());
        html.write("<tr class=\"" + (expectation.success() ? "passed" : "failed") + "\"><td>" + (expectation.success() ? "&#10004; passed" : "&#10008; failed")
                + "</td><td>" + escape(expectation.config().type()) + "</td><td>" + escape(column == null ? "" : column) + "</td><td>"
                + code(kwargs) + "</td><td>" + (result.containsKey("observed_value") ? code(result.get("observed_value")) : "") + "</td><td>"
                + text(result.get("element_count")) + "</td><td>" + (expectation.rowLevel() ? unexpected(expectation) : "") + "</td><td>"
                + (details.isEmpty() ? "" : code(details)) + "</td></tr>\n");
    }

    private static String unexpected(final ExpectationResult expectation) {
        final Object percent = expectation.result().get("unexpected_percent");
        return expectation.unexpectedCount() + (percent instanceof Number p ? String.format(Locale.ROOT, " (%.2f %%)", p.doubleValue()) : "");
    }

    private static String text(final Object value) {
        return value == null ? "" : escape(String.valueOf(value));
    }

    private static String code(final Object value) {
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return "";
        }
        final StringWriter json = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(json)) {
            ValidationReportWriter.writeValue(generator, value);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return "<code>" + escape(json.toString()) + "</code>";
    }

    static String escape(final String text) {
        final StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
