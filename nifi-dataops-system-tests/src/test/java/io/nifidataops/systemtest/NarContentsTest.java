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

/**
 * Checks the built NARs as NiFi will see them, without starting NiFi: nifi-dataops-nar, whose parent is our
 * nifi-dataops-service-api-nar, whose parent is NiFi's nifi-standard-services-api-nar.
 */
class NarContentsTest {

    private static final String STANDARD_API_NAR = "nifi-standard-services-api-nar";
    private static final String NIFI_VERSION = "2.3.0";

    private static final NarArchive NAR = NarArchive.dataopsNar();
    private static final NarArchive API_NAR = NarArchive.serviceApiNar();
    private static final Path NIFI_LIB = Path.of(System.getProperty("nifi.home")).resolve("lib");

    @BeforeAll
    static void printSize() throws IOException {
        final long bytes = Files.size(NAR.path());
        System.out.printf("%s: %,d bytes (%.1f MiB), %d bundled jars%n",
                NAR.path().getFileName(), bytes, bytes / 1024.0 / 1024.0, NAR.bundledJars().size());
        final long apiBytes = Files.size(API_NAR.path());
        System.out.printf("%s: %,d bytes (%.1f MiB), %d bundled jars%n",
                API_NAR.path().getFileName(), apiBytes, apiBytes / 1024.0 / 1024.0, API_NAR.bundledJars().size());
    }

    @Test
    void testManifestNamesUsAndOurServiceApiParent() {
        final Attributes manifest = NAR.manifest().getMainAttributes();

        assertThat(manifest.getValue("Nar-Id")).isEqualTo("nifi-dataops-nar");
        assertThat(manifest.getValue("Nar-Group")).isEqualTo("io.nifidataops");
        assertThat(manifest.getValue("Nar-Version")).isEqualTo(System.getProperty("dataops.version"));
        assertThat(manifest.getValue("Nar-Dependency-Group")).isEqualTo("io.nifidataops");
        assertThat(manifest.getValue("Nar-Dependency-Id")).isEqualTo("nifi-dataops-service-api-nar");
        assertThat(manifest.getValue("Nar-Dependency-Version")).isEqualTo(System.getProperty("dataops.version"));
    }

    @Test
    void testServiceApiNarNamesTheStandardServicesApiParentAndHoldsOnlyInterfaces() {
        final Attributes manifest = API_NAR.manifest().getMainAttributes();

        assertThat(manifest.getValue("Nar-Id")).isEqualTo("nifi-dataops-service-api-nar");
        assertThat(manifest.getValue("Nar-Group")).isEqualTo("io.nifidataops");
        assertThat(manifest.getValue("Nar-Version")).isEqualTo(System.getProperty("dataops.version"));
        assertThat(manifest.getValue("Nar-Dependency-Group")).isEqualTo("org.apache.nifi");
        assertThat(manifest.getValue("Nar-Dependency-Id")).isEqualTo(STANDARD_API_NAR);
        assertThat(manifest.getValue("Nar-Dependency-Version")).isEqualTo(NIFI_VERSION);
        assertThat(API_NAR.hasEntry("META-INF/LICENSE")).as("META-INF/LICENSE").isTrue();
        assertThat(API_NAR.hasEntry("META-INF/NOTICE")).as("META-INF/NOTICE").isTrue();

        // The interfaces live here, their implementations in nifi-dataops-nar
        assertThat(API_NAR.bundledJars().stream().filter(API_NAR::isOurJar).toList()).singleElement().asString()
                .startsWith("nifi-dataops-service-api-");
        assertThat(NAR.bundledJars()).noneMatch(jar -> jar.startsWith("nifi-dataops-service-api"));
        assertThat(API_NAR.registered(NarArchive.PROCESSOR)).isEmpty();
        assertThat(API_NAR.registered(NarArchive.CONTROLLER_SERVICE)).isEmpty();
    }

    @Test
    void testLicenseNoticeAndExtensionDocsArePackaged() {
        assertThat(NAR.hasEntry("META-INF/LICENSE")).as("META-INF/LICENSE").isTrue();
        assertThat(NAR.hasEntry("META-INF/NOTICE")).as("META-INF/NOTICE").isTrue();
        assertThat(NAR.hasEntry("META-INF/docs/extension-manifest.xml")).as("extension manifest").isTrue();
    }

    @Test
    void testBundlesNothingThatNiFiLibOrAParentNarProvides() throws IOException {
        final Set<String> provided = new TreeSet<>();
        try (Stream<Path> lib = Files.list(NIFI_LIB)) {
            lib.map(jar -> jar.getFileName().toString()).filter(name -> name.endsWith(".jar"))
                    .map(NarArchive::artifactName).forEach(provided::add);
        }
        new NarArchive(standardApiNar()).bundledJars().stream().map(NarArchive::artifactName).forEach(provided::add);

        assertThat(duplicates(API_NAR, provided)).as("jars that lib/ or %s already provide (mark them provided)", STANDARD_API_NAR)
                .isEmpty();

        API_NAR.bundledJars().stream().map(NarArchive::artifactName).forEach(provided::add);
        assertThat(duplicates(NAR, provided))
                .as("jars that lib/, %s or nifi-dataops-service-api-nar already provide (mark them provided)", STANDARD_API_NAR)
                .isEmpty();
    }

    @Test
    void testTheAwsSdkTypesOurInterfacesNameComeFromTheServiceApiNar() {
        // AwsConnectionService hands out S3Client and GlueClient: a second copy in a child NAR would be a different class
        assertThat(API_NAR.bundledJars().stream().map(NarArchive::artifactName)).contains("s3", "glue", "sdk-core", "apache-client");
        assertThat(NAR.bundledJars().stream().map(NarArchive::artifactName)).doesNotContain("s3", "glue", "sdk-core");
    }

    @Test
    void testFhirBundlesHapisModelAndFhirPathEngineWithoutWhatViewsNeverUse() {
        final List<String> jars = NAR.bundledJars().stream().map(NarArchive::artifactName).toList();
        // FhirViewRecordReader: HAPI's R4 model, JSON parser and FHIRPath engine, the engine's worker-context cache and UCUM
        assertThat(jars).contains("hapi-fhir-base", "hapi-fhir-structures-r4", "org.hl7.fhir.r4", "org.hl7.fhir.utilities",
                "hapi-fhir-caching-caffeine", "ucum");
        // Left out (FhirLakeSystemIT runs the views in NiFi without them): ICU, Saxon/XSLT, HTTP clients and Kotlin of the
        // terminology and XML paths, and the 20+ MB of StructureDefinitions in the validation resources (TypeHierarchy
        // serves the type skeletons the FHIRPath engine asks for)
        assertThat(jars).doesNotContain("icu4j", "Saxon-HE", "xmlresolver", "okhttp-jvm", "okio", "okio-jvm", "kotlin-stdlib",
                "hapi-fhir-validation-resources-r4");
    }

    private static List<String> duplicates(final NarArchive nar, final Set<String> provided) {
        return nar.bundledJars().stream().filter(jar -> provided.contains(NarArchive.artifactName(jar))).toList();
    }

    @Test
    void testEveryConcreteExtensionIsRegisteredAndEveryRegisteredOneExists(@TempDir final Path tmp) throws Exception {
        // The class loaders NiFi builds: lib/ jars, then NiFi's standard services API NAR, then our service API NAR, then ours
        final Path standardApiJars = Files.createDirectories(tmp.resolve("standard-api"));
        final Path apiJars = Files.createDirectories(tmp.resolve("api"));
        final Path ourJars = Files.createDirectories(tmp.resolve("ours"));
        try (Stream<Path> lib = Files.list(NIFI_LIB);
             URLClassLoader libLoader = new URLClassLoader(urls(lib.filter(p -> p.toString().endsWith(".jar")).toList()),
                     ClassLoader.getPlatformClassLoader());
             URLClassLoader standardApiLoader = new URLClassLoader(urls(new NarArchive(standardApiNar()).extractBundledJars(standardApiJars)),
                     libLoader);
             URLClassLoader apiLoader = new URLClassLoader(urls(API_NAR.extractBundledJars(apiJars)), standardApiLoader);
             URLClassLoader narLoader = new URLClassLoader(urls(NAR.extractBundledJars(ourJars)), apiLoader)) {

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

            // Each service implements the interface that the API NAR's class loader defines, the one another NAR sees
            for (final String api : List.of("io.nifidataops.aws.AwsConnectionService", "io.nifidataops.scoring.ModelScoringService",
                    "io.nifidataops.catalog.LakeCatalogService")) {
                final Class<?> apiType = Class.forName(api, false, narLoader);
                assertThat(apiType.getClassLoader()).as(api).isSameAs(apiLoader);
                assertThat(concreteServices.stream().map(name -> load(name, narLoader)).filter(apiType::isAssignableFrom))
                        .as("services implementing %s", api).isNotEmpty();
            }

            assertThat(concreteRegistryClients).as("flow registry clients found in our jars")
                    .containsExactly("io.nifidataops.registry.GitFlowRegistryClient");
            assertThat(NAR.registered(NarArchive.FLOW_REGISTRY_CLIENT)).as("META-INF/services/" + NarArchive.FLOW_REGISTRY_CLIENT)
                    .isEqualTo(concreteRegistryClients);
        }
    }

    private static Class<?> load(final String name, final ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static Path standardApiNar() {
        return NIFI_LIB.resolve(STANDARD_API_NAR + "-" + NIFI_VERSION + ".nar");
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
