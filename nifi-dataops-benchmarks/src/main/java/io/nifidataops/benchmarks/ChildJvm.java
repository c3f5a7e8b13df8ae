package io.nifidataops.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a benchmark entry point in a child JVM with this JVM's class path and its own -Xmx, for heap runs; output goes to ours. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code mainClass} with these arguments and waits; returns its exit code (an OutOfMemoryError exits at once). */
    public static int run(final String xmx, final Class<?> mainClass, final List<String> arguments) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx,
                "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** How many records a heap run lets pass between two samples: ten samples at least, one per 100,000 records at most. */
    public static long sampleEvery(final long records) {
        return Math.max(1, Math.min(100_000, records / 10));
    }
}
