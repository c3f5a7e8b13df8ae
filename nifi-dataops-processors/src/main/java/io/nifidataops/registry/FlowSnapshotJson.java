package io.nifidataops.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nifidataops.registry.GitStoreException.Kind;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Flow snapshots as the JSON files of the repository: NiFi's flow-snapshot form, the same JSON that "Download flow
 * definition" produces and that NiFi's own Git clients store ({@code flowContents}, {@code parameterContexts},
 * {@code externalControllerServices}, {@code flowEncodingVersion}, plus {@code flow} and {@code snapshotMetadata} once a
 * version was saved from NiFi). A downloaded definition committed by hand is therefore a valid first version.
 * <p>
 * Written files are stable, so that {@code git diff} between two versions shows only what changed: keys sorted, components
 * of every set sorted by identifier, two-space indentation, LF line ends, and the values that belong to one NiFi instance or
 * to the repository rather than to the flow left out. As NiFi's clients do (AbstractGitFlowRegistryClient
 * .registerFlowSnapshot), the top-level group gets the constant id {@value #FLOW_CONTENTS_GROUP_ID} and position 0,0, so the
 * same flow saved from two process groups produces the same file; and the bucket, branch, version, comments and timestamp
 * are not stored, because Git holds them (folder, branch, commit SHA, commit message, commit time).
 */
final class FlowSnapshotJson {

    static final String FLOW_CONTENTS_GROUP_ID = "flow-contents-group";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n")).withArrayIndenter(new DefaultIndenter("  ", "\n")));
    private static final List<String> METADATA_KEPT_OUT = List.of("bucketIdentifier", "branch", "version", "comments", "timestamp");

    private FlowSnapshotJson() {
    }

    static RegisteredFlowSnapshot read(final byte[] json, final String path) throws GitStoreException {
        try {
            final RegisteredFlowSnapshot snapshot = MAPPER.readValue(json, RegisteredFlowSnapshot.class);
            if (snapshot == null || snapshot.getFlowContents() == null) {
                throw new GitStoreException(Kind.INVALID, path + " holds no flowContents: it is not a NiFi flow snapshot");
            }
            return snapshot;
        } catch (final IOException e) {
            // Jackson's message quotes the file's content: only the type is kept
            throw new GitStoreException(Kind.INVALID, path + " is not a readable NiFi flow snapshot (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The file content for a snapshot; the snapshot object itself is not changed. */
    static byte[] write(final RegisteredFlowSnapshot snapshot) throws GitStoreException {
        final ObjectNode tree = MAPPER.valueToTree(snapshot);
        tree.remove("bucket");
        tree.remove("latest");
        if (tree.get("flow") instanceof ObjectNode flow) {
            flow.remove(List.of("bucketIdentifier", "bucketName", "branch", "versionCount", "versionInfo", "permissions",
                    "createdTimestamp", "lastModifiedTimestamp"));
        }
        if (tree.get("snapshotMetadata") instanceof ObjectNode metadata) {
            metadata.remove(METADATA_KEPT_OUT);
        }
        if (tree.get("flowContents") instanceof ObjectNode contents) {
            final String originalId = contents.path("identifier").asText(null);
            contents.put("identifier", FLOW_CONTENTS_GROUP_ID);
            final ObjectNode position = contents.putObject("position");
            position.put("x", 0.0);
            position.put("y", 0.0);
            if (originalId != null) {
                replaceGroupReferences(contents, originalId);
            }
        }
        sortComponentSets(tree);
        try {
            final String json = WRITER.writeValueAsString(tree);
            return (json + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (final JsonProcessingException e) {
            throw new GitStoreException(Kind.INVALID, "The flow snapshot cannot be written as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Components of the top-level group and connection ends in it refer to the group's id: they follow the constant id. */
    private static void replaceGroupReferences(final JsonNode node, final String originalId) {
        if (node instanceof ObjectNode object) {
            for (final String key : List.of("groupIdentifier", "groupId")) {
                if (originalId.equals(object.path(key).asText(null))) {
                    object.put(key, FLOW_CONTENTS_GROUP_ID);
                }
            }
        }
        node.forEach(child -> replaceGroupReferences(child, originalId));
    }

    /** NiFi holds components in hash sets: arrays of objects that all have an identifier are sorted by it. */
    private static void sortComponentSets(final JsonNode node) {
        node.forEach(FlowSnapshotJson::sortComponentSets);
        if (node instanceof ObjectNode object) {
            final Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue() instanceof ArrayNode array && !array.isEmpty()) {
                    final List<JsonNode> items = new ArrayList<>();
                    array.forEach(items::add);
                    if (items.stream().allMatch(item -> item.path("identifier").isTextual())) {
                        items.sort(Comparator.comparing(item -> item.path("identifier").asText()));
                        array.removeAll();
                        items.forEach(array::add);
                    }
                }
            }
        }
    }
}
