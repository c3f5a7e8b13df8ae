package io.nifidataops.aws;

import com.sun.net.httpserver.HttpServer;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.PrivateCa;
import io.nifidataops.testing.S3TestServer;
import io.nifidataops.testing.TestProxyService;
import io.nifidataops.testing.TestSslContextService;
import io.nifidataops.testing.TlsFront;
import io.nifidataops.testing.Tinyproxy;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The connection options a network team asks for, against real servers: S3 over HTTPS with a private CA's certificate
 * trusted through the SSL Context Service, S3 and Glue through Debian's tinyproxy with Basic authentication, web identity
 * credentials from a token file exchanged at an STS endpoint override, and anonymous access.
 */
class AwsConnectionNetworkTest {

    private static final String BUCKET = "network-lake";

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @RegisterExtension
    final GlueStandIn glue = new GlueStandIn();

    private TestRunner runner;
    private StandardAwsConnectionService service;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        service = new StandardAwsConnectionService();
        runner.addControllerService("aws", service);
        runner.setProperty(service, StandardAwsConnectionService.REGION, S3TestServer.REGION);
        runner.setProperty(service, StandardAwsConnectionService.PATH_STYLE_ACCESS, "true");
        runner.setProperty(service, StandardAwsConnectionService.CREDENTIALS_STRATEGY, CredentialsStrategy.ACCESS_KEY.getValue());
        runner.setProperty(service, StandardAwsConnectionService.ACCESS_KEY_ID, S3TestServer.ACCESS_KEY_ID);
        runner.setProperty(service, StandardAwsConnectionService.SECRET_ACCESS_KEY, S3TestServer.SECRET_ACCESS_KEY);
        if (!S3.client().listBuckets().buckets().stream().anyMatch(bucket -> bucket.name().equals(BUCKET))) {
            S3.createBucket(BUCKET);
        }
    }

    @Test
    void s3OverHttpsWithAPrivateCaWorksOnceTheSslContextServiceTrustsTheCa(@TempDir final Path tmp) throws Exception {
        final PrivateCa ca = PrivateCa.generate(tmp);
        try (TlsFront https = new TlsFront(ca.serverContext(), S3.endpoint().getPort())) {
            runner.setProperty(service, StandardAwsConnectionService.S3_ENDPOINT_OVERRIDE, https.endpoint().toString());
            runner.enableControllerService(service);
            assertThatThrownBy(() -> put(service.getS3Client(), "untrusted.txt", "never stored"))
                    .as("the JVM's trust store does not hold the private CA").isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("PKIX path building failed");
            runner.disableControllerService(service);

            final TestSslContextService ssl = new TestSslContextService(ca.trustManager());
            runner.addControllerService("ssl", ssl);
            runner.enableControllerService(ssl);
            runner.setProperty(service, StandardAwsConnectionService.SSL_CONTEXT_SERVICE, "ssl");
            runner.enableControllerService(service);
            put(service.getS3Client(), "trusted.txt", "over https");

            assertThat(new String(S3.get(BUCKET, "trusted.txt"), StandardCharsets.UTF_8)).isEqualTo("over https");
            assertThat(S3.keys(BUCKET, "")).doesNotContain("untrusted.txt");
        }
    }

    @Test
    void s3AndGlueCallsGoThroughTheProxyWithItsCredentials(@TempDir final Path tmp) throws Exception {
        assumeTrue(Tinyproxy.isInstalled() || "true".equals(System.getenv("CI")), "tinyproxy is not installed (apt-get install tinyproxy)");
        try (Tinyproxy proxy = Tinyproxy.start(tmp)) {
            final TestProxyService proxyService = new TestProxyService(Proxy.Type.HTTP, proxy.host(), proxy.port(), Tinyproxy.USER, Tinyproxy.PASSWORD);
            runner.addControllerService("proxy", proxyService);
            runner.enableControllerService(proxyService);
            runner.setProperty(service, StandardAwsConnectionService.S3_ENDPOINT_OVERRIDE, S3.endpoint().toString());
            runner.setProperty(service, StandardAwsConnectionService.GLUE_ENDPOINT_OVERRIDE, glue.endpoint().toString());
            runner.setProperty(service, StandardAwsConnectionService.PROXY_CONFIGURATION_SERVICE, "proxy");
            runner.enableControllerService(service);

            put(service.getS3Client(), "proxied.txt", "through the proxy");
            service.getGlueClient().createDatabase(request -> request.databaseInput(input -> input.name("proxied_lake")));

            assertThat(new String(S3.get(BUCKET, "proxied.txt"), StandardCharsets.UTF_8)).isEqualTo("through the proxy");
            assertThat(glue.calls("CreateDatabase")).isEqualTo(1);
            assertThat(proxy.requests()).as("what tinyproxy logged")
                    .anyMatch(line -> line.startsWith("PUT http://127.0.0.1:" + S3.endpoint().getPort() + "/" + BUCKET + "/proxied.txt"))
                    .anyMatch(line -> line.startsWith("POST http://127.0.0.1:" + glue.endpoint().getPort() + "/"));
        }
    }

    @Test
    void aWrongProxyPasswordIsRefusedByTheProxy(@TempDir final Path tmp) throws Exception {
        assumeTrue(Tinyproxy.isInstalled() || "true".equals(System.getenv("CI")), "tinyproxy is not installed (apt-get install tinyproxy)");
        try (Tinyproxy proxy = Tinyproxy.start(tmp)) {
            final TestProxyService proxyService = new TestProxyService(Proxy.Type.HTTP, proxy.host(), proxy.port(), Tinyproxy.USER, "wrong");
            runner.addControllerService("proxy", proxyService);
            runner.enableControllerService(proxyService);
            runner.setProperty(service, StandardAwsConnectionService.S3_ENDPOINT_OVERRIDE, S3.endpoint().toString());
            runner.setProperty(service, StandardAwsConnectionService.PROXY_CONFIGURATION_SERVICE, "proxy");
            runner.enableControllerService(service);

            // tinyproxy 1.11 answers a failed Basic authentication with 401 (S3Mock itself never checks credentials)
            assertThatThrownBy(() -> put(service.getS3Client(), "refused.txt", "never stored")).isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isIn(401, 407));
            assertThat(S3.keys(BUCKET, "")).doesNotContain("refused.txt");
        }
    }

    @Test
    void aSocksProxyIsInvalid() {
        final TestProxyService socks = new TestProxyService(Proxy.Type.SOCKS, "127.0.0.1", 1080, null, null);
        try {
            runner.addControllerService("socks", socks);
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
        runner.enableControllerService(socks);
        runner.setProperty(service, StandardAwsConnectionService.PROXY_CONFIGURATION_SERVICE, "socks");

        runner.assertNotValid(service);
    }

    @Test
    void webIdentityExchangesTheTokenFileAtTheStsEndpointOverride(@TempDir final Path tmp) throws Exception {
        final Path tokenFile = Files.writeString(tmp.resolve("token"), "eyJ.first-token.sig\n");
        final List<String> stsRequests = new CopyOnWriteArrayList<>();
        final HttpServer sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", exchange -> {
            stsRequests.add(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                    + " authorization=" + exchange.getRequestHeaders().getFirst("Authorization"));
            final byte[] body = STS_ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sts.start();
        try {
            runner.setProperty(service, StandardAwsConnectionService.S3_ENDPOINT_OVERRIDE, S3.endpoint().toString());
            runner.setProperty(service, StandardAwsConnectionService.CREDENTIALS_STRATEGY, CredentialsStrategy.WEB_IDENTITY.getValue());
            runner.setProperty(service, StandardAwsConnectionService.ASSUME_ROLE_ARN, "arn:aws:iam::000000000000:role/lake-writer");
            runner.setProperty(service, StandardAwsConnectionService.WEB_IDENTITY_TOKEN_FILE, tokenFile.toString());
            runner.setProperty(service, StandardAwsConnectionService.ASSUME_ROLE_SESSION_DURATION, "30 mins");
            runner.setProperty(service, StandardAwsConnectionService.STS_REGION, "eu-west-1");
            runner.setProperty(service, StandardAwsConnectionService.STS_ENDPOINT_OVERRIDE, "http://127.0.0.1:" + sts.getAddress().getPort());
            runner.assertValid(service);
            runner.enableControllerService(service);

            put(service.getS3Client(), "web-identity.txt", "as the role");

            assertThat(new String(S3.get(BUCKET, "web-identity.txt"), StandardCharsets.UTF_8)).isEqualTo("as the role");
            assertThat(stsRequests).singleElement().asString()
                    .contains("Action=AssumeRoleWithWebIdentity", "RoleArn=arn:aws:iam::000000000000:role/lake-writer",
                            "RoleSessionName=nifi-dataops", "WebIdentityToken=eyJ.first-token.sig&", "DurationSeconds=1800")
                    .as("the token authenticates the call; it is not signed").endsWith("authorization=null");
        } finally {
            sts.stop(0);
        }
    }

    @Test
    void webIdentityNeedsATokenFileThatExists(@TempDir final Path tmp) {
        runner.setProperty(service, StandardAwsConnectionService.CREDENTIALS_STRATEGY, CredentialsStrategy.WEB_IDENTITY.getValue());
        runner.setProperty(service, StandardAwsConnectionService.ASSUME_ROLE_ARN, "arn:aws:iam::000000000000:role/lake-writer");
        runner.assertNotValid(service);
        runner.setProperty(service, StandardAwsConnectionService.WEB_IDENTITY_TOKEN_FILE, tmp.resolve("missing").toString());
        runner.assertNotValid(service);
        runner.setProperty(service, StandardAwsConnectionService.ASSUME_ROLE_SESSION_DURATION, "5 mins");
        runner.assertNotValid(service);
    }

    @Test
    void anonymousNeedsNoKeysAndSignsNothing() {
        runner.setProperty(service, StandardAwsConnectionService.S3_ENDPOINT_OVERRIDE, S3.endpoint().toString());
        runner.setProperty(service, StandardAwsConnectionService.CREDENTIALS_STRATEGY, CredentialsStrategy.ANONYMOUS.getValue());
        runner.removeProperty(service, StandardAwsConnectionService.ACCESS_KEY_ID);
        runner.removeProperty(service, StandardAwsConnectionService.SECRET_ACCESS_KEY);
        runner.assertValid(service);
        runner.enableControllerService(service);

        put(service.getS3Client(), "public.txt", "anyone may read");

        assertThat(new String(S3.get(BUCKET, "public.txt"), StandardCharsets.UTF_8)).isEqualTo("anyone may read");
    }

    private static void put(final S3Client s3, final String key, final String content) {
        s3.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static final String STS_ANSWER = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <Credentials>
                  <AccessKeyId>ASIAWEBIDENTITYTEST</AccessKeyId>
                  <SecretAccessKey>web-identity-secret</SecretAccessKey>
                  <SessionToken>web-identity-session</SessionToken>
                  <Expiration>2099-01-01T00:00:00Z</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::000000000000:assumed-role/lake-writer/nifi-dataops</Arn>
                  <AssumedRoleId>AROATEST:nifi-dataops</AssumedRoleId>
                </AssumedRoleUser>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """;
}
