package io.nifidataops.healthcare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds one process group of a NiFi 2 flow definition (the JSON that "Download flow definition" writes) with
 * identifiers derived from names, so the same code always writes the same file.
 * <p>
 * Nobody places components by hand: {@link #json()} lays the group out from rules, so a step added anywhere finds its
 * place. Components fill bands ({@link #band}) left to right, one column each, in the order they are added; a branch
 * ({@link #under}) goes into a second row under the step it hangs off. Below each row runs a lane that ends in a funnel:
 * {@link #park} sends a relationship there, with its label right under the step it comes from. A connection to a later
 * band runs along the corridor under its band. Gaps are wide enough for a connection label (about 224 x 64 on NiFi 2.3's
 * canvas), so no label lies on a component; a processor's own retry loop is drawn above its top right corner.
 */
final class FlowGroup {

    /** A NAR coordinate as flow definitions name it. */
    record Bundle(String group, String artifact, String version) {
        static final Bundle DATAOPS = new Bundle("io.nifidataops", "nifi-dataops-nar", "0.1.0-SNAPSHOT");
        static final Bundle DATAOPS_API = new Bundle("io.nifidataops", "nifi-dataops-service-api-nar", "0.1.0-SNAPSHOT");
        static final Bundle STANDARD = new Bundle("org.apache.nifi", "nifi-standard-nar", "2.3.0");
        static final Bundle RECORDS = new Bundle("org.apache.nifi", "nifi-record-serialization-services-nar", "2.3.0");
        static final Bundle SERVICES_API = new Bundle("org.apache.nifi", "nifi-standard-services-api-nar", "2.3.0");

        ObjectNode toJson() {
            final ObjectNode node = MAPPER.createObjectNode();
            node.put("group", group).put("artifact", artifact).put("version", version);
            return node;
        }
    }

    /** A component a connection can start or end at. */
    record Endpoint(String id, String type, String groupId, String name) {
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Sizes NiFi 2.3.0's canvas draws (UI: pages/flow-designer/service/manager/*-manager.service.ts dimensions). */
    static final double PROCESSOR_WIDTH = 352;
    static final double PROCESSOR_HEIGHT = 128;
    static final double GROUP_WIDTH = 384;
    static final double GROUP_HEIGHT = 176;
    static final double PORT_WIDTH = 240;
    static final double PORT_HEIGHT = 48;
    static final double FUNNEL_SIZE = 48;
    /** A connection's label box: 224 wide, up to three rows (from, to, queued) high; placed centred on its label point. */
    static final double CONNECTION_LABEL_WIDTH = 224;
    static final double CONNECTION_LABEL_HEIGHT = 64;

    private static final double COLUMN_GAP = CONNECTION_LABEL_WIDTH + 32;
    private static final double RETRY_ROOM = 40;
    private static final double LANE_DROP = 70;
    private static final double BRANCH_DROP = 300;
    private static final double CORRIDOR_DROP = 110;
    private static final double BAND_GAP = 60;
    private static final double TITLE_WIDTH = 320;
    private static final double TITLE_HEIGHT = 36;

    /** A row of a band: the components in column order; a branch row may leave columns empty (null). */
    private static final class Row {
        final List<String> cells = new ArrayList<>();
        Endpoint lane;
        double top;
        double height;
    }

    private static final class Band {
        final String title;
        final Row main = new Row();
        final Row branch = new Row();

        Band(final String title) {
            this.title = title;
        }
    }

    private final List<Band> bands = new ArrayList<>();
    private final Map<String, ObjectNode> placed = new LinkedHashMap<>();
    private final Map<String, Band> bandOf = new LinkedHashMap<>();
    private final Map<String, Row> rowOf = new LinkedHashMap<>();
    private String branchParent;

    private final String path;
    private final ObjectNode group = MAPPER.createObjectNode();
    private final Set<String> serviceIds;
    private final Set<String> sensitiveProperties;

    FlowGroup(final String name, final String comments, final String parameterContext) {
        this(name, name, comments, parameterContext, new HashSet<>(), Set.of("Secret Access Key", "Access Key ID", "Session Token"));
    }

    private FlowGroup(final String path, final String name, final String comments, final String parameterContext,
                      final Set<String> serviceIds, final Set<String> sensitiveProperties) {
        this.path = path;
        this.serviceIds = serviceIds;
        this.sensitiveProperties = sensitiveProperties;
        group.put("identifier", id(path)).put("name", name).put("comments", comments);
        group.set("position", position(0, 0));
        for (final String list : new String[] {"processGroups", "remoteProcessGroups", "processors", "inputPorts", "outputPorts",
                "connections", "labels", "funnels", "controllerServices"}) {
            group.putArray(list);
        }
        group.put("defaultFlowFileExpiration", "0 sec").put("defaultBackPressureObjectThreshold", 10000)
                .put("defaultBackPressureDataSizeThreshold", "1 GB").put("scheduledState", "ENABLED")
                .put("executionEngine", "INHERITED").put("maxConcurrentTasks", 1).put("statelessFlowTimeout", "1 min")
                .put("flowFileConcurrency", "UNBOUNDED").put("flowFileOutboundPolicy", "STREAM_WHEN_AVAILABLE")
                .put("componentType", "PROCESS_GROUP").put("parameterContextName", parameterContext);
    }

    String id() {
        return group.get("identifier").asText();
    }

    /** The group with every component placed (see the class comment); child groups lay themselves out as well. */
    ObjectNode json() {
        layout();
        return group;
    }

    /** Starts a new band: the components added next go left to right below the previous band, under this title. */
    FlowGroup band(final String title) {
        bands.add(new Band(title));
        return this;
    }

    /** The next component added goes into the branch row, in the column of {@code parent}. */
    FlowGroup under(final Endpoint parent) {
        branchParent = parent.id();
        return this;
    }

    /**
     * Sends these relationships of {@code source} to the funnel at the end of its row's lane, where FlowFiles wait for a person;
     * the label stays right under the step.
     */
    void park(final Endpoint source, final String... relationships) {
        final Row row = rowOf.get(source.id());
        if (row.lane == null) {
            final ObjectNode funnel = MAPPER.createObjectNode();
            funnel.put("identifier", id(path + "/lane/" + source.id()));
            funnel.put("componentType", "FUNNEL").put("groupIdentifier", id());
            ((ArrayNode) group.get("funnels")).add(funnel);
            row.lane = new Endpoint(funnel.get("identifier").asText(), "FUNNEL", id(), "Funnel");
            placed.put(row.lane.id(), funnel);
        }
        connect(source, row.lane, relationships);
    }

    FlowGroup child(final String name, final String comments) {
        final FlowGroup child = new FlowGroup(path + "/" + name, name, comments, group.get("parameterContextName").asText(),
                serviceIds, sensitiveProperties);
        child.group.put("groupIdentifier", id());
        ((ArrayNode) group.get("processGroups")).add(child.group);
        place(child.id(), child.group);
        childGroups.add(child);
        return child;
    }

    private final List<FlowGroup> childGroups = new ArrayList<>();

    /** Gives the processor the comment the canvas shows when hovering over it and in its Comments tab. */
    void comment(final Endpoint processor, final String comments) {
        placed.get(processor.id()).put("comments", comments);
    }

    private void place(final String id, final ObjectNode component) {
        if (bands.isEmpty()) {
            bands.add(new Band(null));
        }
        final Band band = bands.getLast();
        final Row row;
        if (branchParent != null) {
            row = band.branch;
            final int column = band.main.cells.indexOf(branchParent);
            if (column < 0) {
                throw new IllegalArgumentException("A branch hangs off a component of the current band in group " + path);
            }
            while (row.cells.size() <= column) {
                row.cells.add(null);
            }
            if (row.cells.get(column) != null) {
                throw new IllegalArgumentException("Two branches under one step in group " + path);
            }
            row.cells.set(column, id);
            branchParent = null;
        } else {
            row = band.main;
            row.cells.add(id);
        }
        placed.put(id, component);
        bandOf.put(id, band);
        rowOf.put(id, row);
    }

    /** A controller service in this group; returns its identifier for the properties that reference it. */
    String service(final String name, final String type, final Bundle bundle, final String api, final Bundle apiBundle,
                   final Map<String, String> properties) {
        final ObjectNode service = component(name, "CONTROLLER_SERVICE");
        service.put("type", type).set("bundle", bundle.toJson());
        setProperties(service, properties);
        final ObjectNode apiNode = service.putArray("controllerServiceApis").addObject();
        apiNode.put("type", api).set("bundle", apiBundle.toJson());
        service.put("scheduledState", "ENABLED").put("bulletinLevel", "WARN");
        ((ArrayNode) group.get("controllerServices")).add(service);
        serviceIds.add(service.get("identifier").asText());
        return service.get("identifier").asText();
    }

    Endpoint processor(final String name, final String type, final Bundle bundle, final Map<String, String> properties,
                       final String schedulingPeriod, final String... autoTerminated) {
        final ObjectNode processor = component(name, "PROCESSOR");
        place(processor.get("identifier").asText(), processor);
        processor.put("type", type).set("bundle", bundle.toJson());
        setProperties(processor, properties);
        processor.putObject("style");
        processor.put("schedulingPeriod", schedulingPeriod).put("schedulingStrategy", "TIMER_DRIVEN").put("executionNode", "ALL")
                .put("penaltyDuration", "5 sec").put("yieldDuration", "1 sec").put("bulletinLevel", "WARN").put("runDurationMillis", 0)
                .put("concurrentlySchedulableTaskCount", 1).put("scheduledState", "ENABLED").put("retryCount", 10)
                .put("backoffMechanism", "PENALIZE_FLOWFILE").put("maxBackoffPeriod", "10 mins");
        final ArrayNode terminated = processor.putArray("autoTerminatedRelationships");
        for (final String relationship : autoTerminated) {
            terminated.add(relationship);
        }
        processor.putArray("retriedRelationships");
        ((ArrayNode) group.get("processors")).add(processor);
        return new Endpoint(processor.get("identifier").asText(), "PROCESSOR", id(), name);
    }

    /** Lets NiFi retry these relationships of a processor (its retry count and back-off) before routing a FlowFile to them. */
    void retry(final Endpoint processor, final String... relationships) {
        for (final JsonNode node : group.get("processors")) {
            if (node.get("identifier").asText().equals(processor.id())) {
                final ArrayNode retried = (ArrayNode) node.get("retriedRelationships");
                for (final String relationship : relationships) {
                    retried.add(relationship);
                }
            }
        }
    }

    /** Runs the processor on the primary node only: a source that would pick up the same input on every node. */
    void primaryNodeOnly(final Endpoint processor) {
        for (final JsonNode node : group.get("processors")) {
            if (node.get("identifier").asText().equals(processor.id())) {
                ((ObjectNode) node).put("executionNode", "PRIMARY");
            }
        }
    }

    /**
     * Spreads the FlowFiles of the connection from {@code source} to {@code destination} over the cluster's nodes, one at a
     * time in turn; on a single node NiFi ignores the setting.
     */
    void roundRobin(final Endpoint source, final Endpoint destination) {
        int found = 0;
        for (final JsonNode node : group.get("connections")) {
            if (node.path("source").path("id").asText().equals(source.id()) && node.path("destination").path("id").asText().equals(destination.id())) {
                ((ObjectNode) node).put("loadBalanceStrategy", "ROUND_ROBIN");
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException("No connection " + source.name() + " -> " + destination.name() + " in group " + path);
        }
    }

    Endpoint port(final String name, final boolean input) {
        final String type = input ? "INPUT_PORT" : "OUTPUT_PORT";
        final ObjectNode port = component(name, type);
        place(port.get("identifier").asText(), port);
        port.put("type", type).put("concurrentlySchedulableTaskCount", 1).put("scheduledState", "ENABLED")
                .put("allowRemoteAccess", false).put("portFunction", "STANDARD");
        ((ArrayNode) group.get(input ? "inputPorts" : "outputPorts")).add(port);
        return new Endpoint(port.get("identifier").asText(), type, id(), name);
    }

    /** A funnel without outgoing connections: what reaches it waits in its queue for an operator. */
    Endpoint funnel(final String name) {
        final ObjectNode funnel = MAPPER.createObjectNode();
        funnel.put("identifier", id(path + "/" + name));
        funnel.put("componentType", "FUNNEL").put("groupIdentifier", id());
        ((ArrayNode) group.get("funnels")).add(funnel);
        place(funnel.get("identifier").asText(), funnel);
        return new Endpoint(funnel.get("identifier").asText(), "FUNNEL", id(), "Funnel");
    }

    /** A connection in this group from {@code source} to {@code destination} for the given relationships (none for ports). */
    void connect(final Endpoint source, final Endpoint destination, final String... relationships) {
        final ObjectNode connection = MAPPER.createObjectNode();
        connection.put("identifier", id(path + "/" + source.id() + "->" + destination.id() + String.join(",", relationships)))
                .put("name", "");
        connection.set("source", endpoint(source));
        connection.set("destination", endpoint(destination));
        connection.put("labelIndex", 1).put("zIndex", 0);
        final ArrayNode selected = connection.putArray("selectedRelationships");
        for (final String relationship : relationships) {
            selected.add(relationship);
        }
        connection.put("backPressureObjectThreshold", 10000).put("backPressureDataSizeThreshold", "1 GB")
                .put("flowFileExpiration", "0 sec");
        connection.putArray("prioritizers");
        connection.putArray("bends");
        connection.put("loadBalanceStrategy", "DO_NOT_LOAD_BALANCE").put("partitioningAttribute", "")
                .put("loadBalanceCompression", "DO_NOT_COMPRESS").put("componentType", "CONNECTION").put("groupIdentifier", id());
        ((ArrayNode) group.get("connections")).add(connection);
    }

    private ObjectNode endpoint(final Endpoint endpoint) {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("id", endpoint.id()).put("type", endpoint.type()).put("groupId", endpoint.groupId())
                .put("name", endpoint.name()).put("comments", "");
        return node;
    }

    private ObjectNode component(final String name, final String componentType) {
        final ObjectNode component = MAPPER.createObjectNode();
        component.put("identifier", id(path + "/" + name)).put("name", name).put("comments", "")
                .put("componentType", componentType).put("groupIdentifier", id());
        return component;
    }

    private void setProperties(final ObjectNode component, final Map<String, String> properties) {
        final ObjectNode values = component.putObject("properties");
        final ObjectNode descriptors = component.putObject("propertyDescriptors");
        for (final Map.Entry<String, String> property : new TreeMap<>(properties).entrySet()) {
            values.put(property.getKey(), property.getValue());
            descriptors.putObject(property.getKey()).put("name", property.getKey()).put("displayName", property.getKey())
                    .put("identifiesControllerService", serviceIds.contains(property.getValue()))
                    .put("sensitive", sensitiveProperties.contains(property.getKey())).put("dynamic", false);
        }
    }

    private static ObjectNode position(final double x, final double y) {
        final ObjectNode position = MAPPER.createObjectNode();
        position.put("x", x).put("y", y);
        return position;
    }

    /** Width and height of a component as the canvas draws it. */
    static double[] size(final JsonNode component) {
        return switch (component.path("componentType").asText()) {
            case "PROCESSOR" -> new double[] {PROCESSOR_WIDTH, PROCESSOR_HEIGHT};
            case "PROCESS_GROUP" -> new double[] {GROUP_WIDTH, GROUP_HEIGHT};
            case "INPUT_PORT", "OUTPUT_PORT" -> new double[] {PORT_WIDTH, PORT_HEIGHT};
            case "FUNNEL" -> new double[] {FUNNEL_SIZE, FUNNEL_SIZE};
            case "LABEL" -> new double[] {component.path("width").asDouble(), component.path("height").asDouble()};
            default -> throw new IllegalArgumentException("No size for " + component.path("componentType").asText());
        };
    }

    /**
     * Places every component and routes every connection (see the class comment). Columns are as wide as the band's widest
     * component plus room for a label; each component is centred in its column.
     */
    private void layout() {
        for (final FlowGroup child : childGroups) {
            child.layout();
        }
        final ArrayNode labels = (ArrayNode) group.get("labels");
        labels.removeAll();
        final double left = 0;
        double top = 0;
        double right = left;
        for (final Band band : bands) {
            final double column = columnWidth(band);
            // a band's title sits above its first step, left of that step's retry label
            top += band.title != null ? TITLE_HEIGHT + RETRY_ROOM : RETRY_ROOM;
            for (final Row row : List.of(band.main, band.branch)) {
                if (row.cells.stream().allMatch(cell -> cell == null)) {
                    continue;
                }
                row.top = row == band.branch ? band.main.top + band.main.height + BRANCH_DROP : top;
                row.height = row.cells.stream().filter(cell -> cell != null).mapToDouble(cell -> size(placed.get(cell))[1]).max().orElse(0);
                for (int i = 0; i < row.cells.size(); i++) {
                    if (row.cells.get(i) != null) {
                        final ObjectNode component = placed.get(row.cells.get(i));
                        final double[] size = size(component);
                        component.set("position", position(left + i * column + (column - COLUMN_GAP - size[0]) / 2,
                                row.top + (row.height - size[1]) / 2));
                    }
                }
                right = Math.max(right, left + row.cells.size() * column);
                if (row.lane != null) {
                    placed.get(row.lane.id()).set("position", position(left + row.cells.size() * column,
                            laneY(row) - FUNNEL_SIZE / 2));
                }
                top = laneY(row) + CONNECTION_LABEL_HEIGHT / 2;
            }
            top = corridorY(band) + CONNECTION_LABEL_HEIGHT / 2 + BAND_GAP;
            if (band.title != null) {
                final ObjectNode label = labels.addObject();
                label.put("identifier", id(path + "/band/" + band.title)).put("label", band.title).put("width", TITLE_WIDTH)
                        .put("height", TITLE_HEIGHT).put("zIndex", 0).put("componentType", "LABEL").put("groupIdentifier", id());
                label.set("position", position(0, band.main.top - RETRY_ROOM - TITLE_HEIGHT));
                label.putObject("style").put("font-size", "18px");
            }
        }
        for (final JsonNode connection : group.get("connections")) {
            route((ObjectNode) connection);
        }
    }

    private double columnWidth(final Band band) {
        double widest = 0;
        for (final Row row : List.of(band.main, band.branch)) {
            for (final String cell : row.cells) {
                if (cell != null) {
                    widest = Math.max(widest, size(placed.get(cell))[0]);
                }
            }
        }
        return widest + COLUMN_GAP;
    }

    private static double laneY(final Row row) {
        return row.top + row.height + LANE_DROP;
    }

    private double corridorY(final Band band) {
        final Row last = band.branch.cells.stream().anyMatch(cell -> cell != null) ? band.branch : band.main;
        return laneY(last) + CORRIDOR_DROP;
    }

    /** Bends of one connection; NiFi puts the label on the bend at labelIndex, or halfway when there is none. */
    private void route(final ObjectNode connection) {
        // a port of a child group is drawn as that group
        final String source = placedId(connection.path("source"));
        final String destination = placedId(connection.path("destination"));
        final ArrayNode bends = (ArrayNode) connection.get("bends");
        bends.removeAll();
        connection.put("labelIndex", 0);
        final double[] from = box(source);
        final double[] to = box(destination);
        if (source.equals(destination)) {
            // the retry loop: out of the top right corner and back, its label in the room above the row, clear of the
            // label of a connection to the next column (halfway down)
            bends.add(position(from[0] + from[2] + COLUMN_GAP / 2, from[1] - RETRY_ROOM / 4));
            bends.add(position(from[0] + from[2] - 20, from[1] - RETRY_ROOM / 4));
        } else if (rowOf.get(source) != null && rowOf.get(source).lane != null && rowOf.get(source).lane.id().equals(destination)) {
            // down into the lane under the step, along the lane to its funnel
            bends.add(position(from[0] + from[2] / 2, laneY(rowOf.get(source))));
        } else if (rowOf.get(source) != null && rowOf.get(source) == rowOf.get(destination) && to[0] < from[0]) {
            // back to an earlier step of the same row: over the top, its label above the source, clear of the step and of the
            // forward connection's label between them
            final double over = from[1] - RETRY_ROOM / 2 - CONNECTION_LABEL_HEIGHT / 2 - 8;
            bends.add(position(from[0] + from[2] / 2, over));
            bends.add(position(to[0] + to[2] / 2, over));
        } else if (bandOf.get(source) != bandOf.get(destination)) {
            // down to the corridor under the source's band, along it, then down or up to the destination
            final double corridor = corridorY(bandOf.get(source));
            bends.add(position(from[0] + from[2] * 0.75, corridor));
            bends.add(position(to[0] + to[2] / 2, corridor));
        }
    }

    private String placedId(final JsonNode endpoint) {
        return placed.containsKey(endpoint.path("id").asText()) ? endpoint.path("id").asText() : endpoint.path("groupId").asText();
    }

    /** x, y, width, height of a placed component. */
    private double[] box(final String id) {
        final ObjectNode component = placed.get(id);
        final double[] size = size(component);
        return new double[] {component.path("position").path("x").asDouble(), component.path("position").path("y").asDouble(), size[0], size[1]};
    }

    private static String id(final String name) {
        return UUID.nameUUIDFromBytes(("nifi-dataops/" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
