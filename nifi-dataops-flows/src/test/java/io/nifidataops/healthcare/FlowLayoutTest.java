package io.nifidataops.healthcare;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healthcare flow as a person sees it on NiFi 2.3.0's canvas: in every group no two components, connection labels or
 * title labels overlap, each group fits a 1600x1000 screen at a zoom where NiFi still draws text, every processor says in
 * its comment what it is for, and no processor name is cut off. The rules are checked on the generated JSON, so a step
 * another change adds is held to them too.
 */
class FlowLayoutTest {

    /**
     * NiFi's "fit" zooms to min(canvas width / graph width, canvas height / graph height), the canvas less 50 px
     * (UI: pages/flow-designer/service/canvas-view.service.ts fit()); at 1600x1000 the canvas container is about 1600x870
     * under the header. Below 0.4 (MIN_SCALE_TO_RENDER there) NiFi draws boxes without any text.
     */
    private static final double CANVAS_WIDTH = 1600 - 50;
    private static final double CANVAS_HEIGHT = 870 - 50;
    private static final double MIN_READABLE_SCALE = 0.45;
    /** The canvas draws a processor's name in a 230 px wide text (processor-manager.service.ts) and cuts it with an ellipsis. */
    private static final int LONGEST_NAME = 28;

    private record Box(String what, double x, double y, double width, double height) {
        boolean overlaps(final Box other) {
            return x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height;
        }
    }

    @Test
    void testNothingOverlapsInAnyGroup() throws IOException {
        for (final JsonNode group : groups()) {
            final List<Box> boxes = boxes(group);
            final List<String> overlaps = new ArrayList<>();
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    if (boxes.get(i).overlaps(boxes.get(j))) {
                        overlaps.add(boxes.get(i).what() + " / " + boxes.get(j).what());
                    }
                }
            }
            assertThat(overlaps).as("overlaps in %s", group.path("name").asText()).isEmpty();
        }
    }

    @Test
    void testEveryGroupReadsAtFitToScreenOn1600x1000() throws IOException {
        for (final JsonNode group : groups()) {
            final List<Box> boxes = boxes(group);
            final double width = boxes.stream().mapToDouble(b -> b.x() + b.width()).max().orElseThrow()
                    - boxes.stream().mapToDouble(Box::x).min().orElseThrow();
            final double height = boxes.stream().mapToDouble(b -> b.y() + b.height()).max().orElseThrow()
                    - boxes.stream().mapToDouble(Box::y).min().orElseThrow();
            final double scale = Math.min(1, Math.min(CANVAS_WIDTH / width, CANVAS_HEIGHT / height));
            System.out.printf("%s: %.0f x %.0f, fit-to-screen zoom %.2f%n", group.path("name").asText(), width, height, scale);
            assertThat(scale).as("fit-to-screen zoom of %s (%.0f x %.0f)", group.path("name").asText(), width, height)
                    .isGreaterThanOrEqualTo(MIN_READABLE_SCALE);
        }
    }

    @Test
    void testEveryProcessorHasACommentAndAWholeName() throws IOException {
        for (final JsonNode group : groups()) {
            for (final JsonNode processor : group.path("processors")) {
                assertThat(processor.path("comments").asText()).as("comment of %s", processor.path("name").asText()).isNotBlank();
                assertThat(processor.path("name").asText().length()).as("length of the name %s", processor.path("name").asText())
                        .isLessThanOrEqualTo(LONGEST_NAME);
            }
        }
    }

    @Test
    void testEveryRowOfStepsParksFailuresInAFunnelOfItsOwn() throws IOException {
        final JsonNode pipeline = groups().stream().filter(g -> g.path("name").asText().equals("Lake pipeline")).findFirst().orElseThrow();
        final Map<String, Integer> into = new HashMap<>();
        for (final JsonNode connection : pipeline.path("connections")) {
            if (connection.path("destination").path("type").asText().equals("FUNNEL")) {
                into.merge(connection.path("destination").path("id").asText(), 1, Integer::sum);
            }
        }
        assertThat(into).as("connections into each funnel").hasSizeGreaterThan(2).allSatisfy((funnel, count) ->
                assertThat(count).as("connections into one funnel").isLessThanOrEqualTo(5));
    }

    private static List<JsonNode> groups() throws IOException {
        final List<JsonNode> groups = new ArrayList<>();
        collect(FlowGroup.MAPPER.readTree(HealthcareFlow.json()).path("flowContents"), groups);
        return groups;
    }

    private static void collect(final JsonNode group, final List<JsonNode> groups) {
        groups.add(group);
        group.path("processGroups").forEach(child -> collect(child, groups));
    }

    /** Components, title labels and connection labels of one group, where the canvas draws them. */
    private static List<Box> boxes(final JsonNode group) {
        final List<Box> boxes = new ArrayList<>();
        final Map<String, Box> byId = new HashMap<>();
        for (final String list : List.of("processors", "processGroups", "inputPorts", "outputPorts", "funnels", "labels")) {
            for (final JsonNode component : group.path(list)) {
                final double[] size = FlowGroup.size(component);
                final Box box = new Box(component.path("componentType").asText() + " " + component.path("name").asText(component.path("label").asText()),
                        component.path("position").path("x").asDouble(), component.path("position").path("y").asDouble(), size[0], size[1]);
                boxes.add(box);
                byId.put(component.path("identifier").asText(), box);
            }
        }
        for (final JsonNode connection : group.path("connections")) {
            final double x;
            final double y;
            final JsonNode bends = connection.path("bends");
            if (!bends.isEmpty()) {
                final JsonNode bend = bends.get(connection.path("labelIndex").asInt());
                x = bend.path("x").asDouble();
                y = bend.path("y").asDouble();
            } else {
                final Box from = end(connection.path("source"), byId);
                final Box to = end(connection.path("destination"), byId);
                x = (from.x() + from.width() / 2 + to.x() + to.width() / 2) / 2;
                y = (from.y() + from.height() / 2 + to.y() + to.height() / 2) / 2;
            }
            boxes.add(new Box("label of " + connection.path("source").path("name").asText() + " -> "
                    + connection.path("destination").path("name").asText() + " " + connection.path("selectedRelationships"),
                    x - FlowGroup.CONNECTION_LABEL_WIDTH / 2, y - FlowGroup.CONNECTION_LABEL_HEIGHT / 2,
                    FlowGroup.CONNECTION_LABEL_WIDTH, FlowGroup.CONNECTION_LABEL_HEIGHT));
        }
        return boxes;
    }

    /** A connection's end: the component, or the child group that holds the port. */
    private static Box end(final JsonNode endpoint, final Map<String, Box> byId) {
        final Box box = byId.get(endpoint.path("id").asText());
        return box != null ? box : byId.get(endpoint.path("groupId").asText());
    }
}
