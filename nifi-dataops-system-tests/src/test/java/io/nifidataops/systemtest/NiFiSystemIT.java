package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.nifidataops.nifiapi.NiFiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs our NAR in a real NiFi 2.3.0 (assembled by the build under target/) and drives it over REST the way a user
 * drives the UI: the extensions are listed with their docs, a flow definition imports without ghost components,
 * runs, and routes records; the canvas renders; NiFi stops and leaves no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NiFiSystemIT {

    private static final String OUR_NAR = "nifi-dataops-nar";
    private static final String FLOW = "/flows/validate-record-expectations.json";
    private static final Set<String> ROUTED = Set.of("valid", "invalid", "report");
    private static final String VALIDATOR = "Validate vitals";
    private static final String NO_CHROMIUM = "Skipping the canvas screenshot: no Chromium at /usr/bin/chromium "
            + "(apt-get install chromium) and no -Dchromium=<path>";

    private static NiFiInstance nifi;
    private static NiFiClient client;
    private static String groupId;
    private static String validatorId;

    @BeforeAll
    static void startNiFi() {
        final long started = System.nanoTime();
        nifi = NiFiInstance.builder(Path.of(System.getProperty("nifi.home")), Path.of(System.getProperty("nifi.instance.dir")))
                .javaHome(Path.of(System.getProperty("nifi.java.home")))
                .maxHeap("768m")
                .cleanStart()
                .start();
        client = nifi.client();
        System.out.printf("NiFi answered at %s after %.1f s (pid %d)%n",
                nifi.uiUri(), (System.nanoTime() - started) / 1e9, nifi.processHandle().pid());
    }

    @AfterAll
    static void stopNiFi() {
        if (nifi != null) {
            nifi.close();
        }
    }

    @Test
    @Order(1)
    void testEveryExtensionOfOursIsListedWithDescriptionAndTags() {
        final NarArchive nar = NarArchive.dataopsNar();
        assertListedWithDocs(client.processorTypes(), nar.registered(NarArchive.PROCESSOR));
        assertListedWithDocs(client.controllerServiceTypes(), nar.registered(NarArchive.CONTROLLER_SERVICE));
    }

    @Test
    @Order(2)
    void testFlowDefinitionImportsRunsAndRoutesRecords() throws IOException {
        groupId = client.uploadFlowDefinition(client.rootGroupId(), "ValidateRecordExpectations system test", flowDefinition(), 0, 0);

        // A component whose bundle NiFi cannot resolve is imported as a ghost: type kept, "(Missing)" shown, never runs
        final List<JsonNode> processors = client.processors(groupId);
        assertThat(processors).hasSize(2);
        for (final JsonNode processor : processors) {
            assertThat(processor.path("component").path("extensionMissing").asBoolean())
                    .as("ghost processor %s", processor.path("component").path("type").asText()).isFalse();
        }
        final JsonNode validator = processors.stream()
                .map(processor -> processor.path("component"))
                .filter(component -> VALIDATOR.equals(component.path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("No processor named " + VALIDATOR));
        assertThat(validator.path("bundle").path("artifact").asText()).isEqualTo(OUR_NAR);
        validatorId = validator.path("id").asText();
        for (final JsonNode service : client.controllerServices(groupId)) {
            assertThat(service.path("component").path("extensionMissing").asBoolean())
                    .as("ghost controller service %s", service.path("component").path("type").asText()).isFalse();
        }

        client.enableControllerServices(groupId, Duration.ofSeconds(60));
        client.awaitValidProcessors(groupId, Duration.ofSeconds(60));
        client.startProcessGroup(groupId);

        NiFiClient.awaitCondition("FlowFiles on valid, invalid and report", Duration.ofSeconds(90),
                () -> ROUTED.stream().allMatch(relationship -> queued(relationship) > 0));

        assertThat(queued("failure")).as("FlowFiles routed to failure").isZero();
        System.out.println("Queues: " + client.queues(groupId));
        // The generated FlowFile holds four records: one with a null patient_id, one with heart_rate 310
        for (final String relationship : List.of("valid", "invalid")) {
            assertThat(attributes(relationship)).as(relationship).singleElement().satisfies(attributes ->
                    assertThat(attributes).containsEntry("record.count", "2").containsEntry("validation.suite", "vitals"));
        }
        final List<String> errors = client.bulletins().stream()
                .filter(bulletin -> "ERROR".equals(bulletin.path("level").asText()))
                .map(bulletin -> bulletin.path("sourceName").asText() + ": " + bulletin.path("message").asText())
                .toList();
        assertThat(errors).as("ERROR bulletins").isEmpty();
    }

    @Test
    @Order(3)
    void testCanvasRendersInHeadlessChromium() throws IOException {
        final Optional<ChromiumScreenshot> chromium = ChromiumScreenshot.find();
        if (chromium.isEmpty()) {
            // Printed as well: the build log shows a skip count but not the reason
            System.out.println(NO_CHROMIUM);
        }
        Assumptions.assumeTrue(chromium.isPresent(), NO_CHROMIUM);
        Assumptions.assumeTrue(validatorId != null, "Skipping the canvas screenshot: the flow was not imported");

        // Selecting the validator centres the canvas on it, clear of the panels on the left
        final Path png = Path.of(System.getProperty("screenshot.dir"), "canvas.png");
        chromium.get().capture(nifi.uiUri().resolve("#/process-groups/" + groupId + "/Processor/" + validatorId), png, 1600, 1000);

        // A blank or error page compresses to a few KB; the rendered canvas with components does not
        assertThat(Files.size(png)).as("size of %s", png).isGreaterThan(20_000);
        System.out.println("Canvas screenshot: " + png);
    }

    @Test
    @Order(4)
    void testStopLeavesNoNiFiProcessBehind() {
        final ProcessHandle process = nifi.processHandle();
        nifi.close();

        assertThat(process.isAlive()).as("NiFi pid %d alive after stop", process.pid()).isFalse();
        final String instanceDir = System.getProperty("nifi.instance.dir");
        final List<Long> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().filter(cmd -> cmd.contains("org.apache.nifi.NiFi") && cmd.contains(instanceDir)).isPresent())
                .map(ProcessHandle::pid)
                .toList();
        assertThat(leftovers).as("NiFi processes of this test still running").isEmpty();
    }

    private static void assertListedWithDocs(final List<JsonNode> listed, final Set<String> ours) {
        final Map<String, JsonNode> byType = listed.stream()
                .filter(type -> OUR_NAR.equals(type.path("bundle").path("artifact").asText()))
                .collect(Collectors.toMap(type -> type.path("type").asText(), type -> type));
        assertThat(byType.keySet()).as("types NiFi lists from %s", OUR_NAR).containsAll(ours);
        for (final String type : ours) {
            assertThat(byType.get(type).path("description").asText()).as("description of %s", type).isNotBlank();
            assertThat(byType.get(type).path("tags")).as("tags of %s", type).isNotEmpty();
        }
    }

    private static int queued(final String relationship) {
        return validatorQueue(relationship).flowFiles();
    }

    private static List<Map<String, String>> attributes(final String relationship) {
        return client.queuedAttributes(validatorQueue(relationship).connectionId());
    }

    private static NiFiClient.Queue validatorQueue(final String relationship) {
        return client.queues(groupId).stream()
                .filter(queue -> queue.source().equals(VALIDATOR) && queue.relationships().contains(relationship))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No connection for " + VALIDATOR + " / " + relationship));
    }

    private static byte[] flowDefinition() throws IOException {
        try (InputStream in = NiFiSystemIT.class.getResourceAsStream(FLOW)) {
            assertThat(in).as(FLOW).isNotNull();
            return in.readAllBytes();
        }
    }
}
