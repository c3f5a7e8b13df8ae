package io.nifidataops.systemtest;

import io.nifidataops.nifiapi.NiFiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metric history of ValidateRecordExpectations in a real NiFi 2.3.0, as an operator sees it: vitals FlowFiles run through a
 * suite with {@code expect_nifi_table_row_count_to_be_within_history} (Metric History Size 3, Data Quality Metrics and Data Docs
 * on); View State (GET /processors/{id}/state) shows the learned row counts; NiFi is stopped and started again on the same
 * instance directory, the state is still there, and the next FlowFile, three times as large, is judged against it and flagged.
 * The Data Docs page of that run is read from its queue, rendered in headless Chromium, and holds no record value; the
 * metrics FlowFiles carry the documented fields.
 */
class MetricHistorySystemIT {

    private static final String INSTANCE = "metric-history";
    private static final String FLOW = "/flows/validate-record-expectations-history.json";
    private static final String GENERATOR = "Generate vitals";
    private static final String VALIDATOR = "Validate vitals";
    private static final String ROW_COUNT_KEY = "vitals/row_count";
    private static final String ROW_COUNT_HISTORY = "expect_nifi_table_row_count_to_be_within_history";
    /** A patient_id in the generated records; Include Unexpected Values is off, so no report, page or metric may show it. */
    private static final String MARKER = "pt-marker-qz7x";
    private static final Set<String> METRICS_FIELDS = Set.of("suite", "dataset", "flowfile_uuid", "expectation_type", "column", "success",
            "observed_value", "element_count", "unexpected_count", "raised_exception", "run_time");
    private static final int EXPECTATIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static NiFiInstance nifi;

    @AfterAll
    static void stopNiFi() {
        if (nifi != null) {
            nifi.close();
        }
    }

    @Test
    void testHistoryIsKeptInStateSurvivesRestartAndJudgesTheNextFlowFile() throws IOException {
        final long started = System.nanoTime();
        nifi = SystemTestNiFi.start(INSTANCE, "768m");
        NiFiClient client = nifi.client();
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), "Metric history system test", flowDefinition(), 0, 0);
        final String generatorId = processorId(client, groupId, GENERATOR);
        final String validatorId = processorId(client, groupId, VALIDATOR);
        client.enableControllerServices(groupId, Duration.ofSeconds(60));
        client.awaitValidProcessors(groupId, Duration.ofSeconds(60));
        client.setProcessorRunStatus(validatorId, "RUNNING");

        // Four FlowFiles of four records, one at a time: each successful run appends its row count, and the state keeps the last three
        for (int sent = 1; sent <= 4; sent++) {
            runGeneratorOnce(client, groupId, generatorId, sent);
        }
        assertThat(queued(client, groupId, "failure")).as("FlowFiles on failure").isZero();
        assertThat(client.processorState(validatorId)).as("View State of %s", VALIDATOR).containsEntry(ROW_COUNT_KEY, "4.0,4.0,4.0");
        final List<JsonNode> reports = client.queuedJsonContents(queue(client, groupId, "report").connectionId());
        assertThat(reports).hasSize(4);
        assertThat(detailsOf(reports.get(0))).containsKey("history_too_short");
        assertThat(detailsOf(reports.get(3))).doesNotContainKey("history_too_short").containsEntry("history_size", "3");
        assertThat(reports).allSatisfy(report -> assertThat(report.path("success").asBoolean()).isTrue());

        // Stop NiFi and start it again on the same directory: the flow, its queues and the processor's state come back
        nifi.close();
        final long restarted = System.nanoTime();
        nifi = SystemTestNiFi.restart(INSTANCE, "768m");
        client = nifi.client();
        System.out.printf("NiFi restarted in %.1f s%n", (System.nanoTime() - restarted) / 1e9);
        assertThat(client.processorState(validatorId)).as("View State after the restart").containsEntry(ROW_COUNT_KEY, "4.0,4.0,4.0");
        client.awaitValidProcessors(groupId, Duration.ofSeconds(60));

        // The next FlowFile holds twelve records: three times the learned count, outside mean +/- 3 stdev and the 50% change rate
        final JsonNode four = JSON.readTree(generatorText(client, generatorId));
        final List<JsonNode> twelve = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            four.forEach(twelve::add);
        }
        client.updateProcessorProperties(generatorId, Map.of("generate-ff-custom-text", JSON.writeValueAsString(twelve)));
        // The validator was running when NiFi stopped, so NiFi starts it again by itself
        runGeneratorOnce(client, groupId, generatorId, 5);

        final List<JsonNode> allReports = client.queuedJsonContents(queue(client, groupId, "report").connectionId());
        final JsonNode anomalous = allReports.getLast();
        assertThat(anomalous.path("success").asBoolean()).as("suite success of the twelve-record FlowFile").isFalse();
        final JsonNode historyResult = result(anomalous, ROW_COUNT_HISTORY);
        assertThat(historyResult.path("success").asBoolean()).isFalse();
        assertThat(historyResult.path("result").path("observed_value").asInt()).isEqualTo(12);
        final Map<String, String> details = detailsOf(anomalous);
        assertThat(details).containsEntry("history_size", "3").containsEntry("history_mean", "4.0").containsEntry("change_rate", "2.0");
        // A failed suite is not learned: the anomaly does not become the baseline
        assertThat(client.processorState(validatorId)).containsEntry(ROW_COUNT_KEY, "4.0,4.0,4.0");
        assertThat(queue(client, groupId, "valid").flowFiles() + queue(client, groupId, "invalid").flowFiles()).isPositive();
        assertThat(allReports).allSatisfy(report -> assertThat(report.toString()).doesNotContain(MARKER));

        // The metrics FlowFiles: one record per expectation with the documented fields, no record value
        final List<JsonNode> metrics = client.queuedJsonContents(queue(client, groupId, "metrics").connectionId());
        assertThat(metrics).hasSize(5);
        final Set<String> validated = new HashSet<>();
        for (final JsonNode flowFile : metrics) {
            assertThat(flowFile).hasSize(EXPECTATIONS);
            for (final JsonNode record : flowFile) {
                assertThat(fieldNames(record)).isEqualTo(METRICS_FIELDS);
                assertThat(record.path("suite").asText()).isEqualTo("vitals");
                assertThat(record.path("run_time").isNull()).isFalse();
                validated.add(record.path("flowfile_uuid").asText());
            }
            assertThat(flowFile.toString()).doesNotContain(MARKER);
        }
        assertThat(validated).as("validated FlowFiles named by the metrics").hasSize(5);
        final JsonNode lastRowCount = metricOf(metrics.getLast(), ROW_COUNT_HISTORY);
        assertThat(lastRowCount.path("success").asBoolean()).isFalse();
        assertThat(lastRowCount.path("observed_value").asDouble()).isEqualTo(12.0);
        assertThat(lastRowCount.path("element_count").asLong()).isEqualTo(12);
        assertThat(lastRowCount.path("column").isNull()).isTrue();
        final JsonNode notNull = metricOf(metrics.getLast(), "expect_column_values_to_not_be_null");
        assertThat(notNull.path("column").asText()).isEqualTo("patient_id");
        assertThat(notNull.path("unexpected_count").asLong()).isZero();

        // The Data Docs page of the anomalous run: self-contained HTML, saved, rendered in headless Chromium, no record value
        final NiFiClient.Queue docsQueue = queue(client, groupId, "data docs");
        final List<Map<String, String>> docsAttributes = client.queuedAttributes(docsQueue.connectionId());
        assertThat(docsAttributes).hasSize(5).allSatisfy(attributes -> assertThat(attributes)
                .containsEntry("mime.type", "text/html")
                .hasEntrySatisfying("filename", name -> assertThat(name).endsWith(".validation-report.html")));
        final List<String> pages = client.queuedTextContents(docsQueue.connectionId());
        assertThat(pages).hasSize(5).allSatisfy(page -> assertThat(page).doesNotContain(MARKER));
        final String page = pages.getLast();
        assertThat(page).contains(ROW_COUNT_HISTORY).contains("vitals").doesNotContain("<script");
        final Path screenshots = Path.of(System.getProperty("screenshot.dir"));
        Files.createDirectories(screenshots);
        final Path html = screenshots.resolve("data-docs-row-count-anomaly.html");
        Files.writeString(html, page, StandardCharsets.UTF_8);
        final Optional<ChromiumScreenshot> chromium = ChromiumScreenshot.find();
        if (chromium.isEmpty()) {
            System.out.println("Skipping the Data Docs screenshot: no Chromium at /usr/bin/chromium (apt-get install chromium) and no -Dchromium=<path>");
        } else {
            final Path png = screenshots.resolve("data-docs-row-count-anomaly.png");
            chromium.get().capture(html.toUri(), png, 1400, 1000);
            // A blank page compresses to a few KB; the rendered report with its table does not
            assertThat(Files.size(png)).as("size of %s", png).isGreaterThan(20_000);
            System.out.println("Data Docs screenshot: " + png);
        }
        System.out.printf("Metric history system test done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** Runs GenerateFlowFile once and waits until the validator has written its report, the n-th in the report queue. */
    private static void runGeneratorOnce(final NiFiClient client, final String groupId, final String generatorId, final int reportsExpected) {
        // After Run Once NiFi reports STOPPING until the run's thread has finished; a second Run Once before then gets 409
        NiFiClient.awaitCondition("generator stopped", WAIT,
                () -> "STOPPED".equals(client.get("processors/" + generatorId).path("component").path("state").asText()));
        client.setProcessorRunStatus(generatorId, "RUN_ONCE");
        try {
            NiFiClient.awaitCondition(reportsExpected + " reports", WAIT, () -> queued(client, groupId, "report") == reportsExpected
                    && queued(client, groupId, "data docs") == reportsExpected && queued(client, groupId, "metrics") == reportsExpected);
        } catch (final IllegalStateException timedOut) {
            throw new AssertionError(timedOut.getMessage() + "\n" + flowState(client, groupId), timedOut);
        }
    }

    /** What an operator would look at when the flow does not move: every queue, every processor's state, the bulletins, NiFi's log. */
    private static String flowState(final NiFiClient client, final String groupId) {
        final StringBuilder state = new StringBuilder("Queues:\n");
        client.queues(groupId).forEach(queue -> state.append("  ").append(queue).append('\n'));
        state.append("Processors:\n");
        client.processors(groupId).forEach(processor -> state.append("  ").append(processor.path("component").path("name").asText())
                .append(": ").append(processor.path("component").path("state").asText())
                .append(", validation ").append(processor.path("component").path("validationStatus").asText())
                .append(", active threads ").append(processor.path("status").path("aggregateSnapshot").path("activeThreadCount").asInt())
                .append('\n'));
        state.append("Bulletins:\n");
        client.bulletins().forEach(bulletin -> state.append("  ").append(bulletin.path("level").asText()).append(' ')
                .append(bulletin.path("sourceName").asText()).append(": ").append(bulletin.path("message").asText()).append('\n'));
        return state.append(nifi.logTail()).toString();
    }

    private static String generatorText(final NiFiClient client, final String generatorId) {
        return client.get("processors/" + generatorId).path("component").path("config").path("properties").path("generate-ff-custom-text").asText();
    }

    /** The details of the row-count history result, values as text. */
    private static Map<String, String> detailsOf(final JsonNode report) {
        final JsonNode details = result(report, ROW_COUNT_HISTORY).path("result").path("details");
        return StreamSupport.stream(((Iterable<Map.Entry<String, JsonNode>>) details::fields).spliterator(), false)
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().asText()));
    }

    private static JsonNode result(final JsonNode report, final String type) {
        for (final JsonNode result : report.path("results")) {
            if (type.equals(result.path("expectation_config").path("type").asText())) {
                return result;
            }
        }
        throw new AssertionError("No result of " + type + " in " + report);
    }

    private static JsonNode metricOf(final JsonNode records, final String type) {
        for (final JsonNode record : records) {
            if (type.equals(record.path("expectation_type").asText())) {
                return record;
            }
        }
        throw new AssertionError("No metrics record of " + type + " in " + records);
    }

    private static Set<String> fieldNames(final JsonNode record) {
        final Set<String> names = new HashSet<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String processorId(final NiFiClient client, final String groupId, final String name) {
        return client.processors(groupId).stream()
                .map(processor -> processor.path("component"))
                .filter(component -> name.equals(component.path("name").asText()))
                .peek(component -> assertThat(component.path("extensionMissing").asBoolean()).as("ghost processor %s", name).isFalse())
                .map(component -> component.path("id").asText())
                .findFirst().orElseThrow(() -> new AssertionError("No processor named " + name));
    }

    private static int queued(final NiFiClient client, final String groupId, final String relationship) {
        return queue(client, groupId, relationship).flowFiles();
    }

    private static NiFiClient.Queue queue(final NiFiClient client, final String groupId, final String relationship) {
        return client.queues(groupId).stream()
                .filter(queue -> queue.source().equals(VALIDATOR) && queue.relationships().contains(relationship))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No connection for " + VALIDATOR + " / " + relationship));
    }

    private static byte[] flowDefinition() throws IOException {
        try (InputStream in = MetricHistorySystemIT.class.getResourceAsStream(FLOW)) {
            assertThat(in).as(FLOW).isNotNull();
            return in.readAllBytes();
        }
    }
}
