package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.healthcare.SampleData;
import io.nifidataops.nifiapi.NiFiAccess;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The healthcare flow deployed by {@link FlowDeployer} into a secured NiFi 2.3.0: HTTPS only, client-certificate
 * authentication, NiFi's file-based authorizer with the deployer's certificate subject as initial administrator, and
 * certificates this test generates with keytool (a CA, a server certificate for 127.0.0.1 and localhost, a client
 * certificate). The deployer gets the CA as a PEM file and the client keystore as a platform team would pass them, and
 * switches both ListenHTTP processors to HTTPS with required client authentication; the samples, sent with a client
 * certificate, then land in the lake as in {@link HealthcareFlowIT}. Without a certificate NiFi refuses the REST API, and a second run of
 * the deployer finds the deployed group instead of importing another.
 */
class SecuredNiFiIT {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    private static GlueStandIn glue;
    private static NiFiInstance nifi;
    private static TestCertificates certificates;
    private static NiFiAccess adminAccess;

    @TempDir
    static Path work;

    @BeforeAll
    static void startSecuredNiFi() {
        glue = new GlueStandIn().start();
        certificates = TestCertificates.create(work.resolve("tls"), Path.of(System.getProperty("nifi.java.home")));
        adminAccess = NiFiAccess.none().withTrustStore(certificates.caPem(), null)
                .withKeyStore(certificates.clientKeyStore(), certificates.password().toCharArray());
        final NiFiInstance.Https https = new NiFiInstance.Https(certificates.serverKeyStore(), certificates.trustStore(),
                certificates.password(), TestCertificates.CLIENT_DN, adminAccess);
        nifi = SystemTestNiFi.builder("secured", "1g", "--enable-native-access=ALL-UNNAMED").https(https).cleanStart().start();
    }

    @AfterAll
    static void stop() {
        if (nifi != null) {
            nifi.close();
        }
        if (glue != null) {
            glue.close();
        }
    }

    @Test
    void testDeployerWithClientCertificateDeploysOnceAndTheSamplesLandInTheLake() throws Exception {
        final URI api = nifi.apiUri();
        assertThat(api.getScheme()).isEqualTo("https");
        final NiFiClient anonymous = new NiFiClient(api, NiFiAccess.none().withTrustStore(certificates.trustStore(),
                certificates.password().toCharArray()));
        // With no login provider NiFi's TLS connector needs a client certificate: the handshake itself fails
        assertThatThrownBy(anonymous::rootGroupId).as("REST without a client certificate")
                .rootCause().isInstanceOf(SSLHandshakeException.class).hasMessageContaining("certificate_required");
        final NiFiClient untrusting = new NiFiClient(api);
        assertThat(untrusting.isUp()).as("a client that does not trust the test CA gets no TLS session").isFalse();
        // NiFi's real token endpoint: this NiFi has no login provider (the single-user one is not on the Maven mirror), so
        // AccessResource answers 409 with its reason (lines 119-121, IllegalStateExceptionMapper line 38 at rel/nifi-2.3.0)
        final NiFiClient login = new NiFiClient(api, adminAccess.withLogin("dataops-admin",
                "not-checked-here".toCharArray()));
        assertThatThrownBy(login::login).hasMessageContaining("answered 409").hasMessageContaining("login not supported");

        grantRootGroupAndParameterContexts(nifi.client());

        final HealthcareLake lake = new HealthcareLake(S3, glue, work);
        // REST with the client certificate; both listeners over HTTPS requiring a client certificate of the test CA, and the
        // samples sent with one (the server certificate serves the listeners too: it names 127.0.0.1)
        final List<String> secured = List.of("--truststore", certificates.caPem().toString(),
                "--keystore", certificates.clientKeyStore().toString(),
                "--listener-keystore", certificates.serverKeyStore().toString(),
                "--listener-truststore", certificates.trustStore().toString(),
                "--ingest-keystore", certificates.clientKeyStore().toString(),
                "--ingest-truststore", certificates.caPem().toString());
        final String password = certificates.password();
        final Map<String, String> environment = Map.of("NIFI_KEYSTORE_PASSWORD", password, "LISTENER_KEYSTORE_PASSWORD", password,
                "LISTENER_TRUSTSTORE_PASSWORD", password, "INGEST_KEYSTORE_PASSWORD", password);
        final FlowDeployer deployer = lake.deployer(api, S3.endpoint(), HealthcareLake.committedFlow(), secured, environment);
        assertThat(deployer.deployedGroup()).as("group before the first deployment").isEmpty();
        final String groupId = deployer.deploy();
        final NiFiClient client = nifi.client();
        client.awaitValidProcessors(groupId, Duration.ofSeconds(60));

        assertThat(client.processors(groupId)).filteredOn(p -> p.path("component").path("type").asText().endsWith(".ListenHTTP"))
                .hasSize(2).allSatisfy(listener -> {
                    assertThat(listener.path("component").path("config").path("properties").path("SSL Context Service").asText()).isNotEmpty();
                    assertThat(listener.path("component").path("config").path("properties").path("client-authentication").asText())
                            .isEqualTo("REQUIRED");
                });
        assertListenerRefusesCallersWithoutClientCertificate(deployer);

        final List<SampleData.Batch> batches = deployer.sendSamples();
        final int parked = deployer.awaitSettled(groupId, Duration.ofMinutes(3));
        HealthcareLake.assertNothingQueued(client, groupId, parked);
        lake.assertLakeHoldsExactlyTheSamples(batches);

        final FlowDeployer again = lake.deployer(api, S3.endpoint(), HealthcareLake.committedFlow(), secured, environment);
        assertThat(again.deployedGroup()).as("what a second deployer run finds").contains(groupId);
    }

    /** Plain HTTP and HTTPS without a client certificate get no answer from the device listener; the samples then prove HTTPS with one. */
    private static void assertListenerRefusesCallersWithoutClientCertificate(final FlowDeployer deployer) throws Exception {
        final URI https = deployer.settings().ingestUri("device.http.port", "vitals");
        assertThat(https.getScheme()).isEqualTo("https");
        final HttpRequest post = HttpRequest.newBuilder(https).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        final HttpClient noCertificate = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(NiFiAccess.none().withTrustStore(certificates.caPem(), null).sslContext()).build();
        NiFiClient.awaitCondition("the device listener serving TLS", Duration.ofSeconds(60), () -> {
            try {
                noCertificate.send(post, HttpResponse.BodyHandlers.discarding());
                return false;
            } catch (final IOException e) {
                // refused while the listener starts; a TLS alert once it serves and wants a certificate
                return Stream.<Throwable>iterate(e, Objects::nonNull, Throwable::getCause).anyMatch(SSLException.class::isInstance);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        final HttpRequest plain = HttpRequest.newBuilder(URI.create(https.toString().replace("https://", "http://")))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.discarding()))
                .as("plain HTTP to the TLS listener").isInstanceOf(IOException.class);
    }

    /**
     * What an administrator does first on a new secured NiFi. FileAccessPolicyProvider gives the initial admin the global
     * policies, but the root group's only when a flow exists as it first runs (it reads the root group id from
     * flow.json.gz: FileAccessPolicyProvider.java:618-623 and 640-645 at rel/nifi-2.3.0), and none on parameter contexts,
     * which importing a flow with a context needs. The admin grants itself those policies through the policies API, taking the
     * root group's id from the flow NiFi saved, where the provider would have read it.
     */
    private static void grantRootGroupAndParameterContexts(final NiFiClient admin) {
        // Saving the controller settings unchanged makes NiFi write its flow now (the admin may write /controller)
        final JsonNode config = admin.get("controller/config");
        admin.put("controller/config", Map.of("revision", config.path("revision"), "component",
                Map.of("maxTimerDrivenThreadCount", config.path("component").path("maxTimerDrivenThreadCount").asInt())));
        final Path flow = nifi.propertiesFile().resolveSibling("flow.json.gz");
        final String[] root = {""};
        NiFiClient.awaitCondition("the root group id in " + flow, Duration.ofSeconds(60), () -> {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(flow))) {
                root[0] = new ObjectMapper().readTree(in).path("rootGroup").path("instanceIdentifier").asText();
                return !root[0].isEmpty();
            } catch (final IOException notYetWritten) {
                return false;
            }
        });
        final String userId = StreamSupport.stream(admin.get("tenants/users").path("users").spliterator(), false)
                .filter(user -> TestCertificates.CLIENT_DN.equals(user.path("component").path("identity").asText()))
                .map(user -> user.path("id").asText()).findFirst().orElseThrow();
        for (final String resource : List.of("/process-groups/" + root[0], "/data/process-groups/" + root[0], "/parameter-contexts")) {
            for (final String action : List.of("read", "write")) {
                admin.post("policies", Map.of("revision", Map.of("version", 0), "component",
                        Map.of("action", action, "resource", resource, "users", List.of(Map.of("id", userId)))));
            }
        }
        assertThat(admin.rootGroupId()).isEqualTo(root[0]);
    }
}
