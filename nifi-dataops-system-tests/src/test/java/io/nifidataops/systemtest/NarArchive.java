package io.nifidataops.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** Read-only view of a NAR file: its manifest, bundled jars, and the extensions our jars inside it register. */
final class NarArchive {

    static final String PROCESSOR = "org.apache.nifi.processor.Processor";
    static final String CONTROLLER_SERVICE = "org.apache.nifi.controller.ControllerService";
    static final String FLOW_REGISTRY_CLIENT = "org.apache.nifi.registry.flow.FlowRegistryClient";

    private static final String BUNDLED = "META-INF/bundled-dependencies/";
    /** Our own jars inside the NAR, as opposed to third-party ones. */
    private static final String OUR_JAR_PREFIX = "nifi-dataops-";

    private final Path nar;

    NarArchive(final Path nar) {
        this.nar = nar;
    }

    /** The NAR under test, as placed into the assembled NiFi's lib/ by the build. */
    static NarArchive dataopsNar() {
        return new NarArchive(Path.of(System.getProperty("dataops.nar")));
    }

    /** Our service-api NAR, the parent of {@link #dataopsNar()}, as placed into the assembled NiFi's lib/. */
    static NarArchive serviceApiNar() {
        return new NarArchive(Path.of(System.getProperty("dataops.api.nar")));
    }

    Path path() {
        return nar;
    }

    Manifest manifest() {
        try (ZipFile zip = new ZipFile(nar.toFile()); InputStream in = zip.getInputStream(requireEntry(zip, "META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean hasEntry(final String name) {
        try (ZipFile zip = new ZipFile(nar.toFile())) {
            return zip.getEntry(name) != null;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File names of the jars in META-INF/bundled-dependencies. */
    List<String> bundledJars() {
        try (ZipFile zip = new ZipFile(nar.toFile())) {
            return zip.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith(BUNDLED) && name.endsWith(".jar"))
                    .map(name -> name.substring(BUNDLED.length()))
                    .sorted()
                    .toList();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the bundled jars into the directory (a NAR's class path) and returns their paths. */
    List<Path> extractBundledJars(final Path directory) throws IOException {
        final List<Path> jars = new ArrayList<>();
        try (ZipFile zip = new ZipFile(nar.toFile())) {
            for (final String jar : bundledJars()) {
                final Path target = directory.resolve(jar);
                try (InputStream in = zip.getInputStream(zip.getEntry(BUNDLED + jar))) {
                    Files.copy(in, target);
                }
                jars.add(target);
            }
        }
        return jars;
    }

    boolean isOurJar(final String jarName) {
        return jarName.startsWith(OUR_JAR_PREFIX);
    }

    /** Class names listed in META-INF/services/{serviceInterface} of our jars inside the NAR. */
    Set<String> registered(final String serviceInterface) {
        final Set<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(nar.toFile())) {
            for (final String jar : bundledJars().stream().filter(this::isOurJar).toList()) {
                try (ZipInputStream in = new ZipInputStream(zip.getInputStream(zip.getEntry(BUNDLED + jar)))) {
                    for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                        if (entry.getName().equals("META-INF/services/" + serviceInterface)) {
                            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                                    .map(line -> line.replaceFirst("#.*", "").strip())
                                    .filter(line -> !line.isEmpty())
                                    .forEach(names::add);
                        }
                    }
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableSet(names);
    }

    /** "jackson-databind-2.18.2.jar" -> "jackson-databind": the artifact, whatever version a NAR bundles. */
    static String artifactName(final String jarName) {
        return jarName.replaceFirst("-\\d.*\\.jar$", "").replaceFirst("\\.jar$", "");
    }

    private ZipEntry requireEntry(final ZipFile zip, final String name) throws IOException {
        final ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException(nar + " has no " + name);
        }
        return entry;
    }
}
