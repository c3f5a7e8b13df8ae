package io.nifidataops.healthcare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds one process group of a NiFi 2 flow definition (the JSON that "Download flow definition" writes) with
 * identifiers derived from names, so the same code always writes the same file.
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
    private static final double SPREAD_X = 1.4;
    private static final double SPREAD_Y = 1.8;

    private final String path;
    private final ObjectNode group = MAPPER.createObjectNode();
    private final Set<String> serviceIds;
    private final Set<String> sensitiveProperties;

    FlowGroup(final String name, final String comments, final String parameterContext, final double x, final double y) {
        this(name, name, comments, parameterContext, x, y, new HashSet<>(), Set.of("Secret Access Key", "Access Key ID", "Session Token"));
    }

    private FlowGroup(final String path, final String name, final String comments, final String parameterContext, final double x,
                      final double y, final Set<String> serviceIds, final Set<String> sensitiveProperties) {
        this.path = path;
        this.serviceIds = serviceIds;
        this.sensitiveProperties = sensitiveProperties;
        group.put("identifier", id(path)).put("name", name).put("comments", comments);
        group.set("position", position(x, y));
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

    ObjectNode json() {
        return group;
    }

    FlowGroup child(final String name, final String comments, final double x, final double y) {
        final FlowGroup child = new FlowGroup(path + "/" + name, name, comments, group.get("parameterContextName").asText(), x, y,
                serviceIds, sensitiveProperties);
        child.group.put("groupIdentifier", id());
        ((ArrayNode) group.get("processGroups")).add(child.group);
        return child;
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

    Endpoint processor(final String name, final String type, final Bundle bundle, final double x, final double y,
                       final Map<String, String> properties, final String schedulingPeriod, final String... autoTerminated) {
        final ObjectNode processor = component(name, "PROCESSOR");
        processor.set("position", position(x, y));
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

    private JsonNode positionOf(final String processorId) {
        for (final JsonNode node : group.get("processors")) {
            if (node.get("identifier").asText().equals(processorId)) {
                return node.get("position");
            }
        }
        throw new IllegalArgumentException("No processor " + processorId + " in group " + path);
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

    Endpoint port(final String name, final boolean input, final double x, final double y) {
        final String type = input ? "INPUT_PORT" : "OUTPUT_PORT";
        final ObjectNode port = component(name, type);
        port.set("position", position(x, y));
        port.put("type", type).put("concurrentlySchedulableTaskCount", 1).put("scheduledState", "ENABLED")
                .put("allowRemoteAccess", false).put("portFunction", "STANDARD");
        ((ArrayNode) group.get(input ? "inputPorts" : "outputPorts")).add(port);
        return new Endpoint(port.get("identifier").asText(), type, id(), name);
    }

    /** A funnel without outgoing connections: what reaches it waits in its queue for an operator. */
    Endpoint funnel(final String name, final double x, final double y) {
        final ObjectNode funnel = MAPPER.createObjectNode();
        funnel.put("identifier", id(path + "/" + name));
        funnel.set("position", position(x, y));
        funnel.put("componentType", "FUNNEL").put("groupIdentifier", id());
        ((ArrayNode) group.get("funnels")).add(funnel);
        return new Endpoint(funnel.get("identifier").asText(), "FUNNEL", id(), "Funnel");
    }

    void label(final String text, final double x, final double y, final double width, final double height) {
        final ObjectNode label = MAPPER.createObjectNode();
        label.put("identifier", id(path + "/label/" + text)).put("label", text).put("width", width).put("height", height)
                .put("zIndex", 0).put("componentType", "LABEL").put("groupIdentifier", id());
        label.set("position", position(x, y));
        label.putObject("style").put("font-size", "14px");
        ((ArrayNode) group.get("labels")).add(label);
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
        final ArrayNode bends = connection.putArray("bends");
        if (source.id().equals(destination.id())) {
            // A loop back into the same processor needs bends, or the canvas draws it as a point inside the component
            final JsonNode at = positionOf(source.id());
            bends.add(position(at.get("x").asDouble() + 420, at.get("y").asDouble() + 24));
            bends.add(position(at.get("x").asDouble() + 420, at.get("y").asDouble() + 104));
        }
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
        // Layouts are written on a compact grid; spread it so connection labels sit between components, not on them
        position.put("x", x * SPREAD_X).put("y", y * SPREAD_Y);
        return position;
    }

    private static String id(final String name) {
        return UUID.nameUUIDFromBytes(("nifi-dataops/" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
