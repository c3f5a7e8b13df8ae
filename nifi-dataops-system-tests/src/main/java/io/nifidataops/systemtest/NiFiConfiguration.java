package io.nifidataops.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Writes the conf/ that NiFi's nifi-resources artifact (not on Maven Central) would have provided, from the templates
 * beside this class: nifi.properties, a plain logback.xml and a state-management.xml; for a cluster node, properties given
 * to {@link #write(int, Map)} replace or extend the template's, and the ZooKeeper state provider is added.
 */
final class NiFiConfiguration {

    private static final String SENSITIVE_PROPS_KEY = "nifi.sensitive.props.key";
    static final String ZOOKEEPER_CONNECT = "nifi.zookeeper.connect.string";
    // ZooKeeperStateProvider as NiFi 2.3.0's own conf/state-management.xml declares it (nifi-resources); Open access
    // control because the test cluster has no Kerberos
    private static final String CLUSTER_PROVIDER = """
                <cluster-provider>
                    <id>zk-provider</id>
                    <class>org.apache.nifi.controller.state.providers.zookeeper.ZooKeeperStateProvider</class>
                    <property name="Connect String">@ZOOKEEPER_CONNECT@</property>
                    <property name="Root Node">/nifi</property>
                    <property name="Session Timeout">10 seconds</property>
                    <property name="Access Control">Open</property>
                </cluster-provider>
            """;

    private final Path nifiHome;
    private final Path instanceDir;

    NiFiConfiguration(final Path nifiHome, final Path instanceDir) {
        this.nifiHome = nifiHome;
        this.instanceDir = instanceDir;
    }

    Path confDir() {
        return instanceDir.resolve("conf");
    }

    Path propertiesFile() {
        return confDir().resolve("nifi.properties");
    }

    Path logDir() {
        return instanceDir.resolve("logs");
    }

    Path autoloadDir() {
        return instanceDir.resolve("extensions");
    }

    void write(final int httpPort) throws IOException {
        write(httpPort, Map.of());
    }

    /**
     * Writes conf/ with {@code properties} set in nifi.properties over the template's values. When they name a ZooKeeper
     * ({@value #ZOOKEEPER_CONNECT}), state-management.xml gets its cluster provider, which a cluster node needs for the state
     * of primary-node-only processors.
     */
    void write(final int httpPort, final Map<String, String> properties) throws IOException {
        Files.createDirectories(confDir());
        Files.createDirectories(logDir());
        Files.createDirectories(autoloadDir());
        // Reuse the key of an earlier run: the saved flow's sensitive values are encrypted with it
        final String sensitiveKey = previousSensitiveKey().orElseGet(NiFiConfiguration::randomKey);
        final String zooKeeper = properties.get(ZOOKEEPER_CONNECT);
        final Map<String, String> values = Map.of(
                "@INSTANCE_DIR@", instanceDir.toString(),
                "@NIFI_HOME@", nifiHome.toString(),
                "@HTTP_PORT@", Integer.toString(httpPort),
                "@SENSITIVE_PROPS_KEY@", sensitiveKey,
                "@CLUSTER_PROVIDER@", zooKeeper == null ? "" : CLUSTER_PROVIDER.replace("@ZOOKEEPER_CONNECT@", zooKeeper));
        for (final String template : new String[] {"nifi.properties", "logback.xml", "state-management.xml"}) {
            writeTemplate(template, values);
        }
        if (!properties.isEmpty()) {
            final Map<String, String> overrides = new LinkedHashMap<>(properties);
            if (zooKeeper != null) {
                overrides.putIfAbsent("nifi.state.management.provider.cluster", "zk-provider");
            }
            overrideProperties(overrides);
        }
    }

    /**
     * Writes conf/authorizers.xml for NiFi's file-based authorizer (FileUserGroupProvider and FileAccessPolicyProvider behind
     * StandardManagedAuthorizer, as NiFi 2.3.0's own conf/authorizers.xml declares them in nifi-resources) with
     * {@code initialAdmin} as its only user and initial administrator, and returns the nifi.properties values that serve
     * HTTPS only on {@code port} with the given PKCS12 stores and that authorizer. No login provider: clients authenticate
     * with certificates.
     */
    Map<String, String> writeHttps(final int port, final Path keyStore, final Path trustStore, final String storePassword,
                                   final String initialAdmin) throws IOException {
        Files.createDirectories(confDir());
        final String admin = initialAdmin.replace("&", "&amp;").replace("<", "&lt;");
        Files.writeString(confDir().resolve("authorizers.xml"), """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <authorizers>
                    <userGroupProvider>
                        <identifier>file-user-group-provider</identifier>
                        <class>org.apache.nifi.authorization.FileUserGroupProvider</class>
                        <property name="Users File">%1$s/users.xml</property>
                        <property name="Initial User Identity 1">%2$s</property>
                    </userGroupProvider>
                    <accessPolicyProvider>
                        <identifier>file-access-policy-provider</identifier>
                        <class>org.apache.nifi.authorization.FileAccessPolicyProvider</class>
                        <property name="User Group Provider">file-user-group-provider</property>
                        <property name="Authorizations File">%1$s/authorizations.xml</property>
                        <property name="Initial Admin Identity">%2$s</property>
                    </accessPolicyProvider>
                    <authorizer>
                        <identifier>managed-authorizer</identifier>
                        <class>org.apache.nifi.authorization.StandardManagedAuthorizer</class>
                        <property name="Access Policy Provider">file-access-policy-provider</property>
                    </authorizer>
                </authorizers>
                """.formatted(confDir(), admin), StandardCharsets.UTF_8);
        final Map<String, String> properties = new LinkedHashMap<>();
        properties.put("nifi.web.http.host", "");
        properties.put("nifi.web.http.port", "");
        properties.put("nifi.web.https.host", "127.0.0.1");
        properties.put("nifi.web.https.port", Integer.toString(port));
        properties.put("nifi.security.keystore", keyStore.toAbsolutePath().toString());
        properties.put("nifi.security.keystoreType", "PKCS12");
        properties.put("nifi.security.keystorePasswd", storePassword);
        properties.put("nifi.security.keyPasswd", storePassword);
        properties.put("nifi.security.truststore", trustStore.toAbsolutePath().toString());
        properties.put("nifi.security.truststoreType", "PKCS12");
        properties.put("nifi.security.truststorePasswd", storePassword);
        properties.put("nifi.security.user.authorizer", "managed-authorizer");
        properties.put("nifi.authorizer.configuration.file", confDir().resolve("authorizers.xml").toString());
        properties.put("nifi.security.allow.anonymous.authentication", "false");
        return properties;
    }

    /** Replaces the line of each property that the template has and appends the others. */
    private void overrideProperties(final Map<String, String> overrides) throws IOException {
        final Map<String, String> pending = new LinkedHashMap<>(overrides);
        final StringBuilder text = new StringBuilder();
        for (final String line : Files.readAllLines(propertiesFile(), StandardCharsets.UTF_8)) {
            final int equals = line.indexOf('=');
            final String key = line.startsWith("#") || equals < 0 ? null : line.substring(0, equals);
            text.append(key != null && pending.containsKey(key) ? key + "=" + pending.remove(key) : line).append('\n');
        }
        pending.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(propertiesFile(), text, StandardCharsets.UTF_8);
    }

    private Optional<String> previousSensitiveKey() throws IOException {
        if (!Files.isRegularFile(propertiesFile())) {
            return Optional.empty();
        }
        final Properties previous = new Properties();
        try (Reader reader = Files.newBufferedReader(propertiesFile(), StandardCharsets.UTF_8)) {
            previous.load(reader);
        }
        return Optional.ofNullable(previous.getProperty(SENSITIVE_PROPS_KEY)).filter(key -> !key.isBlank());
    }

    private static String randomKey() {
        final byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    private void writeTemplate(final String name, final Map<String, String> values) throws IOException {
        try (InputStream in = NiFiConfiguration.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("Missing template " + name));
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (final Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace(value.getKey(), value.getValue());
            }
            Files.writeString(confDir().resolve(name), text, StandardCharsets.UTF_8);
        }
    }
}
