package io.nifidataops.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the built nifi-dataops NAR as NiFi will see it, without starting NiFi. */
class NarContentsTest {

    private static final String PARENT_NAR = "nifi-standard-services-api-nar";
    private static final String NIFI_VERSION = "2.3.0";

    private static final NarArchive NAR = NarArchive.dataopsNar();
    private static final Path NIFI_LIB = Path.of(System.getProperty("nifi.home")).resolve("lib");

    @BeforeAll
    static void printSize() throws IOException {
        final long bytes = Files.size(NAR.path());
        System.out.printf("%s: %,d bytes (%.1f MiB), %d bundled jars%n",
                NAR.path().getFileName(), bytes, bytes / 1024.0 / 1024.0, NAR.bundledJars().size());
    }

    @Test
    void testManifestNamesUsAndTheStandardServicesApiParent() {
        final Attributes manifest = NAR.manifest().getMainAttributes();

        assertThat(manifest.getValue("Nar-Id")).isEqualTo("nifi-dataops-nar");
        assertThat(manifest.getValue("Nar-Group")).isEqualTo("io.nifidataops");
        assertThat(manifest.getValue("Nar-Version")).isEqualTo(System.getProperty("dataops.version"));
        assertThat(manifest.getValue("Nar-Dependency-Group")).isEqualTo("org.apache.nifi");
        assertThat(manifest.getValue("Nar-Dependency-Id")).isEqualTo(PARENT_NAR);
        assertThat(manifest.getValue("Nar-Dependency-Version")).isEqualTo(NIFI_VERSION);
    }

    @Test
    void testLicenseNoticeAndExtensionDocsArePackaged() {
        assertThat(NAR.hasEntry("META-INF/LICENSE")).as("META-INF/LICENSE").isTrue();
        assertThat(NAR.hasEntry("META-INF/NOTICE")).as("META-INF/NOTICE").isTrue();
        assertThat(NAR.hasEntry("META-INF/docs/extension-manifest.xml")).as("extension manifest").isTrue();
    }

    @Test
    void testBundlesNothingThatNiFiLibOrTheParentNarProvides() throws IOException {
        final Set<String> provided = new TreeSet<>();
        try (Stream<Path> lib = Files.list(NIFI_LIB)) {
            lib.map(jar -> jar.getFileName().toString()).filter(name -> name.endsWith(".jar"))
                    .map(NarArchive::artifactName).forEach(provided::add);
        }
        new NarArchive(parentNar()).bundledJars().stream().map(NarArchive::artifactName).forEach(provided::add);

        final List<String> duplicated = NAR.bundledJars().stream()
                .filter(jar -> provided.contains(NarArchive.artifactName(jar)))
                .toList();

        assertThat(duplicated).as("jars that lib/ or %s already provide (mark them provided)", PARENT_NAR).isEmpty();
    }

    @Test
    void testEveryConcreteExtensionIsRegisteredAndEveryRegisteredOneExists(@TempDir final Path tmp) throws Exception {
        // The class loaders NiFi builds: lib/ jars, then the parent NAR, then ours
        final Path parentJars = Files.createDirectories(tmp.resolve("parent"));
        final Path ourJars = Files.createDirectories(tmp.resolve("ours"));
        try (Stream<Path> lib = Files.list(NIFI_LIB);
             URLClassLoader libLoader = new URLClassLoader(urls(lib.filter(p -> p.toString().endsWith(".jar")).toList()),
                     ClassLoader.getPlatformClassLoader());
             URLClassLoader parentLoader = new URLClassLoader(urls(new NarArchive(parentNar()).extractBundledJars(parentJars)), libLoader);
             URLClassLoader narLoader = new URLClassLoader(urls(NAR.extractBundledJars(ourJars)), parentLoader)) {

            final Class<?> processor = libLoader.loadClass(NarArchive.PROCESSOR);
            final Class<?> controllerService = libLoader.loadClass(NarArchive.CONTROLLER_SERVICE);
            final Class<?> registryClient = libLoader.loadClass(NarArchive.FLOW_REGISTRY_CLIENT);
            final Set<String> concreteProcessors = new TreeSet<>();
            final Set<String> concreteServices = new TreeSet<>();
            final Set<String> concreteRegistryClients = new TreeSet<>();
            for (final String className : ourClassNames(ourJars)) {
                final Class<?> type = Class.forName(className, false, narLoader);
                if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
                    continue;
                }
                if (processor.isAssignableFrom(type)) {
                    concreteProcessors.add(className);
                }
                if (controllerService.isAssignableFrom(type)) {
                    concreteServices.add(className);
                }
                if (registryClient.isAssignableFrom(type)) {
                    concreteRegistryClients.add(className);
                }
            }

            assertThat(concreteProcessors).as("processors found in our jars").isNotEmpty();
            // Expected: the concrete classes found in our jars; actual: what META-INF/services registers
            assertThat(NAR.registered(NarArchive.PROCESSOR)).as("META-INF/services/" + NarArchive.PROCESSOR)
                    .isEqualTo(concreteProcessors);
            assertThat(NAR.registered(NarArchive.CONTROLLER_SERVICE)).as("META-INF/services/" + NarArchive.CONTROLLER_SERVICE)
                    .isEqualTo(concreteServices);
            assertThat(concreteRegistryClients).as("flow registry clients found in our jars")
                    .containsExactly("io.nifidataops.registry.GitFlowRegistryClient");
            assertThat(NAR.registered(NarArchive.FLOW_REGISTRY_CLIENT)).as("META-INF/services/" + NarArchive.FLOW_REGISTRY_CLIENT)
                    .isEqualTo(concreteRegistryClients);
        }
    }

    private static Path parentNar() {
        return NIFI_LIB.resolve(PARENT_NAR + "-" + NIFI_VERSION + ".nar");
    }

    private static List<String> ourClassNames(final Path jarDirectory) throws IOException {
        final List<String> names = new ArrayList<>();
        try (Stream<Path> jars = Files.list(jarDirectory)) {
            for (final Path jar : jars.filter(p -> NAR.isOurJar(p.getFileName().toString())).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.stream().map(ZipEntry::getName)
                            // skips module-info, package-info and multi-release copies under META-INF/versions
                            .filter(name -> name.endsWith(".class") && !name.contains("-") && !name.startsWith("META-INF/"))
                            .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                            .forEach(names::add);
                }
            }
        }
        return names;
    }

    private static URL[] urls(final List<Path> jars) {
        return jars.stream().map(jar -> {
            try {
                return jar.toUri().toURL();
            } catch (final MalformedURLException e) {
                throw new IllegalArgumentException(jar.toString(), e);
            }
        }).toArray(URL[]::new);
    }
}
