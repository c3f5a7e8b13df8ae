package io.nifidataops.systemtest;

import java.nio.file.Path;

/** Starts the NiFi of a system test from the install and JDK that failsafe names (nifi.home, nifi.java.home). */
final class SystemTestNiFi {

    private SystemTestNiFi() {
    }

    /** A clean instance in {@code <nifi.instance.dir>-<name>}, with the given heap and extra JVM arguments. */
    static NiFiInstance start(final String name, final String maxHeap, final String... jvmArguments) {
        return builder(name, maxHeap, jvmArguments).cleanStart().start();
    }

    /**
     * Starts NiFi again on the instance directory of an earlier {@link #start} (stop that one first): the saved flow, the
     * FlowFile, content and provenance repositories and the sensitive-properties key are kept; the REST port is a new one.
     */
    static NiFiInstance restart(final String name, final String maxHeap, final String... jvmArguments) {
        return builder(name, maxHeap, jvmArguments).start();
    }

    /** The builder behind {@link #start} and {@link #restart}, for settings of its own (cluster properties, a fixed port). */
    static NiFiInstance.Builder builder(final String name, final String maxHeap, final String... jvmArguments) {
        final NiFiInstance.Builder builder = NiFiInstance.builder(Path.of(System.getProperty("nifi.home")),
                        Path.of(System.getProperty("nifi.instance.dir") + "-" + name))
                .javaHome(Path.of(System.getProperty("nifi.java.home")))
                .maxHeap(maxHeap);
        for (final String argument : jvmArguments) {
            builder.jvmArgument(argument);
        }
        return builder;
    }
}
