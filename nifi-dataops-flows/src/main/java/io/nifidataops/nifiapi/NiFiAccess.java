package io.nifidataops.nifiapi;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * How a client reaches a NiFi: plain HTTP ({@link #none()}), or HTTPS trusting a truststore, optionally presenting a client
 * certificate, optionally logging in with a username and password for a bearer token. Passwords are held as char arrays and
 * never appear in {@link #toString()}.
 *
 * @param trustStore  certificates to trust (a PKCS12 or JKS store, or a PEM file); empty: the JDK's default trust
 * @param keyStore    the client certificate and key (PKCS12 or JKS); empty: no client certificate
 * @param username    login name for {@code POST /nifi-api/access/token}; empty: no token login
 */
public record NiFiAccess(Optional<Store> trustStore, Optional<Store> keyStore, Optional<String> username, char[] password) {

    /** A key or trust store file and its password (empty for a PEM file). */
    public record Store(Path file, char[] password) {
        public Store {
            Objects.requireNonNull(file);
            password = password == null ? new char[0] : password.clone();
        }

        @Override
        public String toString() {
            return "Store[" + file + "]";
        }
    }

    public NiFiAccess {
        Objects.requireNonNull(trustStore);
        Objects.requireNonNull(keyStore);
        Objects.requireNonNull(username);
        password = password == null ? new char[0] : password.clone();
        if (username.isPresent() && password.length == 0) {
            throw new IllegalArgumentException("A NiFi login for " + username.get() + " needs a password");
        }
    }

    /** Plain HTTP, or HTTPS with the JDK's default trust and no login. */
    public static NiFiAccess none() {
        return new NiFiAccess(Optional.empty(), Optional.empty(), Optional.empty(), null);
    }

    public NiFiAccess withTrustStore(final Path file, final char[] storePassword) {
        return new NiFiAccess(Optional.of(new Store(file, storePassword)), keyStore, username, password);
    }

    public NiFiAccess withKeyStore(final Path file, final char[] storePassword) {
        return new NiFiAccess(trustStore, Optional.of(new Store(file, storePassword)), username, password);
    }

    public NiFiAccess withLogin(final String user, final char[] userPassword) {
        return new NiFiAccess(trustStore, keyStore, Optional.of(user), userPassword);
    }

    /**
     * Trusts the truststore a NiFi's own nifi.properties names ({@code nifi.security.truststore}, its type and password), as
     * the NiFi bootstrap writes them when it generates the self-signed certificate of a default install. A relative store path
     * is relative to the NiFi home, the parent of the directory holding nifi.properties.
     */
    public NiFiAccess withTrustStoreOf(final Path nifiProperties) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(nifiProperties, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new UncheckedIOException("Reading " + nifiProperties + " failed", e);
        }
        final String store = properties.getProperty("nifi.security.truststore", "").trim();
        if (store.isEmpty()) {
            throw new IllegalArgumentException(nifiProperties + " names no nifi.security.truststore: is that NiFi secured?");
        }
        final Path home = nifiProperties.toAbsolutePath().getParent().getParent();
        return withTrustStore(home.resolve(store).normalize(),
                properties.getProperty("nifi.security.truststorePasswd", "").trim().toCharArray());
    }

    public boolean login() {
        return username.isPresent();
    }

    /** The TLS context of these stores; the JDK default when neither is given. */
    public SSLContext sslContext() {
        if (trustStore.isEmpty() && keyStore.isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (final GeneralSecurityException e) {
                throw new IllegalStateException("No default TLS context", e);
            }
        }
        try {
            TrustManagerFactory trust = null;
            if (trustStore.isPresent()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(trustStore.get()));
            }
            KeyManagerFactory keys = null;
            if (keyStore.isPresent()) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore.get()), keyStore.get().password());
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("The key or trust store cannot be used (wrong password or type?)", e);
        }
    }

    /** Loads a PKCS12 or JKS store (the JDK detects which), or the certificates of a PEM file. */
    static KeyStore load(final Store store) throws GeneralSecurityException {
        try {
            final byte[] content = Files.readAllBytes(store.file());
            if (new String(content, 0, Math.min(content.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
                final KeyStore certificates = KeyStore.getInstance(KeyStore.getDefaultType());
                certificates.load(null, null);
                int index = 0;
                try (InputStream in = Files.newInputStream(store.file())) {
                    for (final Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        certificates.setCertificateEntry("pem-" + index++, certificate);
                    }
                }
                if (index == 0) {
                    throw new GeneralSecurityException("No certificate in " + store.file());
                }
                return certificates;
            }
            return KeyStore.getInstance(store.file().toFile(), store.password());
        } catch (final IOException e) {
            throw new UncheckedIOException("Reading " + store.file() + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "NiFiAccess[trustStore=" + trustStore + ", keyStore=" + keyStore + ", username=" + username + "]";
    }
}
