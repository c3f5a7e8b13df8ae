package io.nifidataops.systemtest;

import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.nifiapi.NiFiAccess;
import io.nifidataops.nifiapi.NiFiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token login of {@link NiFiClient} and the deployer's login options, against {@link NiFiTokenLoginStandIn} (NiFi's
 * single-user login provider cannot run here; the client-certificate mode runs against a real NiFi in SecuredNiFiIT).
 */
class NiFiClientLoginTest {

    private static final String USER = "dataops-admin";
    private static final String PASSWORD = "local-only-password & more=";

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static NiFiTokenLoginStandIn nifi;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(dir.resolve("tls"), Path.of(System.getProperty("java.home")));
        nifi = new NiFiTokenLoginStandIn(certificates.serverKeyStore(), certificates.password(), USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (nifi != null) {
            nifi.close();
        }
    }

    private static NiFiAccess trusting() {
        return NiFiAccess.none().withTrustStore(certificates.caPem(), null);
    }

    @Test
    void testLogsInOnceWithTheFormFieldsAndSendsTheTokenAsBearer() {
        final int loginsBefore = nifi.logins().size();
        final NiFiClient client = new NiFiClient(nifi.api(), trusting().withLogin(USER, PASSWORD.toCharArray()));
        assertThat(client.isUp()).isTrue();
        assertThat(client.rootGroupId()).isEqualTo("root-id");
        assertThat(nifi.logins().subList(loginsBefore, nifi.logins().size()))
                .containsExactly(Map.of("username", USER, "password", PASSWORD));
        assertThat(nifi.authorizations().getLast()).startsWith("Bearer ").matches("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void testLogsInAgainWhenTheTokenIsNoLongerAccepted() {
        final NiFiClient client = new NiFiClient(nifi.api(), trusting().withLogin(USER, PASSWORD.toCharArray()));
        client.rootGroupId();
        final int loginsBefore = nifi.logins().size();
        nifi.expireTokens();
        assertThat(client.rootGroupId()).isEqualTo("root-id");
        assertThat(nifi.logins().size() - loginsBefore).as("logins after the token expired").isEqualTo(1);

        // Waiting for NiFi (as the deployer does) gets past an expired token too: the next poll logs in again
        nifi.expireTokens();
        NiFiClient.awaitCondition("the stand-in up again", Duration.ofSeconds(10), client::isUp);
        assertThat(nifi.logins().size() - loginsBefore).as("logins after the second expiry").isEqualTo(2);
    }

    @Test
    void testWrongPasswordFailsAtOnceWithNiFisReasonAndWithoutThePassword() {
        final String wrong = "not-the-password-123";
        final NiFiClient client = new NiFiClient(nifi.api(), trusting().withLogin(USER, wrong.toCharArray()));
        assertThatThrownBy(client::isUp).hasMessageContaining("answered 400")
                .hasMessageContaining("not valid").hasMessageNotContaining(wrong);
    }

    @Test
    void testWithoutLoginTheApiAnswers401() {
        assertThatThrownBy(new NiFiClient(nifi.api(), trusting())::rootGroupId).hasMessageContaining("answered 401");
    }

    @Test
    void testDeployerOptionsTakePasswordsFromTheEnvironmentOnly() throws Exception {
        final String[] args = {"--nifi-api", nifi.api().toString(), "--truststore", certificates.trustStore().toString(),
                "--username", USER};
        assertThatThrownBy(() -> FlowDeployer.parse(args, Map.of("NIFI_TRUSTSTORE_PASSWORD", certificates.password())))
                .hasMessageContaining("NIFI_PASSWORD");
        final FlowDeployer deployer = new FlowDeployer(FlowDeployer.parse(args,
                Map.of("NIFI_TRUSTSTORE_PASSWORD", certificates.password(), "NIFI_PASSWORD", PASSWORD)));
        assertThat(deployer.deployedGroup()).isEmpty();
        assertThat(deployer.settings().toString()).doesNotContain(PASSWORD).doesNotContain(certificates.password());
        assertThatThrownBy(() -> FlowDeployer.parse(new String[] {"--nifi-api", "http://127.0.0.1:8080/nifi-api/", "--username", USER},
                Map.of("NIFI_PASSWORD", PASSWORD))).hasMessageContaining("https://");
    }

    /** The docker stack's case: the truststore that NiFi's bootstrap generated, found through NiFi's own nifi.properties. */
    @Test
    void testTrustsTheTruststoreANiFiPropertiesFileNames() throws Exception {
        final Path home = dir.resolve("nifi-home");
        Files.createDirectories(home.resolve("conf"));
        Files.copy(certificates.trustStore(), home.resolve("conf/truststore.p12"));
        final Path properties = home.resolve("conf/nifi.properties");
        Files.writeString(properties, "nifi.security.truststore=./conf/truststore.p12\nnifi.security.truststoreType=PKCS12\n"
                + "nifi.security.truststorePasswd=" + certificates.password() + "\n");
        final NiFiClient client = new NiFiClient(nifi.api(), NiFiAccess.none().withTrustStoreOf(properties)
                .withLogin(USER, PASSWORD.toCharArray()));
        assertThat(client.rootGroupId()).isEqualTo("root-id");
        assertThat(new NiFiClient(nifi.api(), NiFiAccess.none().withLogin(USER, PASSWORD.toCharArray())).isUp())
                .as("without the truststore the self-signed chain is refused").isFalse();
    }
}
