package io.nifidataops.systemtest;

import io.nifidataops.testing.GlueStandIn;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real NiFi 2.3.0 for the healthcare flow and the Glue stand-in its catalog steps call, started once before a test class
 * (register it as a static {@code @RegisterExtension} field) and stopped after it. JUnit runs an extension's beforeAll
 * before the class's own {@code @BeforeAll} methods, so those can already use it.
 */
final class HealthcareNiFi implements BeforeAllCallback, AfterAllCallback {

    private final String instance;
    private GlueStandIn glue;
    private NiFiInstance nifi;

    /** @param instance the NiFi's directory name under target/, one per test class */
    HealthcareNiFi(final String instance) {
        this.instance = instance;
    }

    @Override
    public void beforeAll(final ExtensionContext context) {
        glue = new GlueStandIn().start();
        // ONNX Runtime (the vitals model) loads a native library: allowed explicitly on Java 21+
        nifi = SystemTestNiFi.start(instance, "1g", "--enable-native-access=ALL-UNNAMED");
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (nifi != null) {
            nifi.close();
        }
        if (glue != null) {
            glue.close();
        }
    }

    GlueStandIn glue() {
        return glue;
    }

    NiFiInstance nifi() {
        return nifi;
    }
}
