package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Evaluating a valid row allocates nothing, so validation adds no garbage per record. */
class AllocationTest {

    @Test
    void testValidRowsAllocateNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final Map<String, Object> values = new HashMap<>();
        final Object[] row = {"P100001", "DEV-1001", 72, 97.5, 120, 80, "bpm", "2024-01-31"};
        for (int i = 0; i < row.length; i++) {
            values.put(Harness.TELEMETRY_COLUMNS.get(i), row[i]);
        }
        final RecordView record = values::get;
        final SuiteRun run = Harness.telemetrySuite().newRun(Harness.TELEMETRY_COLUMNS, ValidationOptions.defaults());
        for (int i = 0; i < 200_000; i++) {
            run.evaluate(record);
        }

        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            run.evaluate(record);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated for 100,000 valid rows").isLessThan(10_000);
        assertThat(run.finish().success()).isTrue();
    }
}
