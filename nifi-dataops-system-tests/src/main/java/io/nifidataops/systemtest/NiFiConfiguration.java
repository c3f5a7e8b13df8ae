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
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Writes the conf/ that NiFi's nifi-resources artifact (not on Maven Central) would have provided, from the templates
 * beside this class: nifi.properties, a plain logback.xml and a local-only state-management.xml.
 */
final class NiFiConfiguration {

    private static final String SENSITIVE_PROPS_KEY = "nifi.sensitive.props.key";

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
        Files.createDirectories(confDir());
        Files.createDirectories(logDir());
        Files.createDirectories(autoloadDir());
        // Reuse the key of an earlier run: the saved flow's sensitive values are encrypted with it
        final String sensitiveKey = previousSensitiveKey().orElseGet(NiFiConfiguration::randomKey);
        final Map<String, String> values = Map.of(
                "@INSTANCE_DIR@", instanceDir.toString(),
                "@NIFI_HOME@", nifiHome.toString(),
                "@HTTP_PORT@", Integer.toString(httpPort),
                "@SENSITIVE_PROPS_KEY@", sensitiveKey);
        for (final String template : new String[] {"nifi.properties", "logback.xml", "state-management.xml"}) {
            writeTemplate(template, values);
        }
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
