package io.nifidataops.processors;

import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.LakeAttributesFixture;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Speed figures of RegisterGlueTable: Glue calls per 1,000 FlowFiles, counted by the stand-in, for a new table,
 * new partitions and the steady state. A test (the project has no benchmark module yet) that prints the figures
 * and holds the goals: no call in steady state, one call per 100 new partitions.
 */
class GlueCallsBenchmarkTest {

    private static final int FLOWFILES = 1_000;
    private static final Map<String, String> FIGURES = new LinkedHashMap<>();

    @RegisterExtension
    final GlueStandIn glue = new GlueStandIn();

    private TestRunner runner;
    private boolean scheduled;
    private long elapsed;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = glue.newCatalogRunner(RegisterGlueTable.class, RegisterGlueTable.CATALOG_SERVICE, Map.of("Database", "lake"));
        glue.putDatabase("lake");
    }

    @AfterAll
    static void printFigures() {
        System.out.println("Glue calls per " + FLOWFILES + " FlowFiles (RegisterGlueTable, Glue stand-in):");
        FIGURES.forEach((scenario, figure) -> System.out.printf("  %-62s %s%n", scenario, figure));
    }

    @Test
    void testNewTable() {
        final int calls = calls(day -> new LakeAttributesFixture().days("2026-11-23"));
        record("new table: 1,000 FlowFiles, the first creates table + partition", calls);
        assertThat(calls).isEqualTo(4); // GetTable, CreateTable, GetTable (version), BatchCreatePartition
    }

    @Test
    void testOneNewTablePerFlowFile() {
        final int calls = calls(i -> new LakeAttributesFixture().set("lake.dataset", "dataset_" + i).days("2026-11-23"));
        record("1,000 new tables, one per FlowFile, one partition each", calls);
        assertThat(calls).isEqualTo(4 * FLOWFILES);
    }

    @Test
    void testNewPartitions() {
        warmUp();
        final int calls = calls(day -> new LakeAttributesFixture().dayRange(day, 1));
        record("new partitions: known table, one new partition per FlowFile", calls);
        assertThat(calls).isEqualTo(FLOWFILES / 100);
    }

    @Test
    void testSteadyState() {
        warmUp();
        final int calls = calls(i -> new LakeAttributesFixture().days("2019-12-31"));
        record("steady state: known table, known partition", calls);
        assertThat(calls).isZero();
    }

    private void warmUp() {
        runner.enqueue("", new LakeAttributesFixture().days("2019-12-31").build());
        runner.run(1, false, true);
        scheduled = true;
    }

    // Enqueues the FlowFiles, runs the processor without restarting it (caches survive), returns the Glue calls made.
    private int calls(final IntFunction<LakeAttributesFixture> flowFile) {
        glue.resetCalls();
        for (int i = 0; i < FLOWFILES; i++) {
            runner.enqueue("", flowFile.apply(i).build());
        }
        final long start = System.nanoTime();
        runner.run(FLOWFILES, false, !scheduled);
        scheduled = true;
        elapsed = System.nanoTime() - start;
        runner.assertQueueEmpty();
        assertThat(runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE)).isEmpty();
        return glue.totalCalls();
    }

    private void record(final String scenario, final int calls) {
        FIGURES.put(scenario, calls + " calls " + glue.callCounts() + String.format(", %.1f ms", elapsed / 1e6));
    }
}
