package io.nifidataops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot file format, on the project's real flow definition. */
class FlowSnapshotJsonTest {

    private static final Path FLOW = Path.of("../flow-templates/flows/healthcare/healthcare-ingestion.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void testTheDownloadedFlowDefinitionReadsAsASnapshotAndWritesStably() throws Exception {
        final RegisteredFlowSnapshot snapshot = FlowSnapshotJson.read(Files.readAllBytes(FLOW), FLOW.toString());
        assertThat(snapshot.getFlowContents().getName()).isEqualTo("Healthcare ingestion");
        final String originalGroupId = snapshot.getFlowContents().getIdentifier();

        final byte[] written = FlowSnapshotJson.write(snapshot);
        assertThat(snapshot.getFlowContents().getIdentifier()).as("the caller's snapshot is not changed").isEqualTo(originalGroupId);
        // Written, read and written again: byte for byte the same (HashSet order does not leak into the file)
        assertThat(FlowSnapshotJson.write(FlowSnapshotJson.read(written, "written"))).isEqualTo(written);

        final JsonNode tree = MAPPER.readTree(written);
        assertThat(tree.path("flowContents").path("identifier").asText()).isEqualTo(FlowSnapshotJson.FLOW_CONTENTS_GROUP_ID);
        assertThat(tree.path("flowContents").path("position").path("x").asDouble()).isZero();
        final List<String> groupIds = new ArrayList<>();
        tree.path("flowContents").path("processGroups").forEach(group -> groupIds.add(group.path("identifier").asText()));
        assertThat(groupIds).isNotEmpty().isSorted();
        tree.path("flowContents").path("processGroups").forEach(group ->
                assertThat(group.path("groupIdentifier").asText()).isEqualTo(FlowSnapshotJson.FLOW_CONTENTS_GROUP_ID));
        assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(originalGroupId).endsWith("}\n");

        final VersionedProcessor any = FlowSnapshotJson.read(written, "written").getFlowContents().getProcessGroups().iterator().next()
                .getProcessors().iterator().next();
        assertThat(any.getType()).isNotBlank();
    }

    @Test
    void testAFileThatIsNotASnapshotIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> FlowSnapshotJson.read("{\"expectations\": [\"patient-1234\"]}".getBytes(), "suites/vitals.json"))
                .isInstanceOf(GitStoreException.class).hasMessageContaining("suites/vitals.json").hasMessageNotContaining("patient-1234");
        assertThatThrownBy(() -> FlowSnapshotJson.read("not json patient-1234".getBytes(), "x.json"))
                .isInstanceOf(GitStoreException.class).hasMessageNotContaining("patient-1234");
    }
}
