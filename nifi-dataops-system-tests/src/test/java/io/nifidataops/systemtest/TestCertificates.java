package io.nifidataops.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and the certificates it signs, made with the JDK's keytool for one test run: a server certificate
 * for 127.0.0.1 and localhost and a client certificate, each in a PKCS12 keystore with its chain, plus a truststore and a PEM
 * file holding only the CA. All stores share one random password.
 */
final class TestCertificates {

    /** The client's subject: one RDN, so NiFi's identity for it ("CN=deployer") has no formatting choices. */
    static final String CLIENT_DN = "CN=deployer";

    private final Path dir;
    private final String password;
    private final Path keytool;

    private TestCertificates(final Path dir, final String password, final Path keytool) {
        this.dir = dir;
        this.password = password;
        this.keytool = keytool;
    }

    /** Creates the CA, the server and the client certificates in {@code dir}, with the keytool of {@code javaHome}. */
    static TestCertificates create(final Path dir, final Path javaHome) {
        final TestCertificates certificates = new TestCertificates(dir, java.util.UUID.randomUUID().toString(),
                javaHome.resolve("bin/keytool"));
        try {
            Files.createDirectories(dir);
            certificates.generate();
        } catch (final IOException e) {
            throw new UncheckedIOException("Generating test certificates in " + dir + " failed", e);
        }
        return certificates;
    }

    String password() {
        return password;
    }

    Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /** PKCS12 truststore holding the CA certificate only. */
    Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** The CA certificate as PEM. */
    Path caPem() {
        return dir.resolve("ca.pem");
    }

    private void generate() throws IOException {
        final Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=nifi-dataops test CA", "-ext", "bc:c", "-validity", "2");
        keytool("-exportcert", "-rfc", "-keystore", ca.toString(), "-alias", "ca", "-file", caPem().toString());
        keytool("-importcert", "-noprompt", "-keystore", trustStore().toString(), "-alias", "ca", "-file", caPem().toString());
        signed(ca, serverKeyStore(), "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth,clientAuth");
        signed(ca, clientKeyStore(), CLIENT_DN, null, "EKU=clientAuth");
    }

    /** A key pair in {@code store}, its certificate signed by the CA, and the chain (CA, then it) imported back. */
    private void signed(final Path ca, final Path store, final String dn, final String san, final String eku) throws IOException {
        final String alias = store.getFileName().toString().replace(".p12", "");
        final Path request = dir.resolve(alias + ".csr");
        final Path certificate = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-keystore", store.toString(), "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", dn, "-validity", "2");
        keytool("-certreq", "-keystore", store.toString(), "-alias", alias, "-file", request.toString());
        final List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-keystore", ca.toString(), "-alias", "ca",
                "-infile", request.toString(), "-outfile", certificate.toString(), "-validity", "2", "-ext", eku));
        if (san != null) {
            sign.addAll(List.of("-ext", san));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-keystore", store.toString(), "-alias", "ca", "-file", caPem().toString());
        keytool("-importcert", "-noprompt", "-keystore", store.toString(), "-alias", alias, "-file", certificate.toString());
    }

    private void keytool(final String... arguments) throws IOException {
        final List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }
}
