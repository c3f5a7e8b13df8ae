package io.nifidataops.testing;

import io.nifidataops.lake.StagingDirectory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of the staging crash test: stages a file in a FlowFile's staging directory under the area given, says so on
 * stdout, then keeps "writing" until the test kills the JVM, as a node dying mid-write would leave it.
 */
public final class StagingCrash {

    private StagingCrash() {
    }

    public static void main(final String[] args) throws Exception {
        final StagingDirectory staging = StagingDirectory.create(Path.of(args[0]));
        Files.write(staging.path().resolve("part-00000.parquet"), new byte[64 * 1024]);
        System.out.println("staged " + staging.path());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
