package io.nifidataops.migration;

import io.nifidataops.aws.StandardAwsConnectionService;
import io.nifidataops.scoring.KServeModelScoringService;
import io.nifidataops.scoring.MlflowModelScoringService;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockPropertyConfiguration;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Controller services as an old flow configured them: NiFi calls migrateProperties with the flow's properties before it
 * applies them, so the migrated map is what the service then runs with. nifi-mock 2.3.0 runs a processor's migration
 * (TestRunner.migrateProperties) but not a service's, so these go through its MockPropertyConfiguration.
 */
class ServicePropertyMigrationTest {

    @Test
    void theAwsConnectionsPathStyleAccessKeepsItsValueUnderItsNewName() throws InitializationException {
        final Map<String, String> migrated = migrate(new StandardAwsConnectionService(), Map.of("Region", "eu-west-1",
                "S3 Endpoint Override", "http://127.0.0.1:9000", "Path Style Access", "true"), "Path Style Access", "Use Path Style Access");

        assertThat(migrated).containsEntry("Use Path Style Access", "true").containsEntry("Region", "eu-west-1").doesNotContainKey("Path Style Access");
        assertRunsWith(new StandardAwsConnectionService(), migrated);
    }

    @Test
    void theModelServersConnectTimeoutKeepsItsValueAsConnectionTimeout() throws InitializationException {
        final Map<String, String> old = Map.of("Endpoint URL", "http://127.0.0.1:8080", "Model Name", "vitals", "Feature Names", "hr,temp",
                "Class Labels", "high,low", "Connect Timeout", "3 secs");
        for (final AbstractControllerService service : new AbstractControllerService[]{new KServeModelScoringService(), new MlflowModelScoringService()}) {
            final Map<String, String> migrated = migrate(service, old, "Connect Timeout", "Connection Timeout");

            assertThat(migrated).containsEntry("Connection Timeout", "3 secs").doesNotContainKey("Connect Timeout");
        }
        assertRunsWith(new KServeModelScoringService(), migrate(new KServeModelScoringService(), old, "Connect Timeout", "Connection Timeout"));
    }

    @Test
    void servicesOnTheCurrentNamesAreLeftAsTheyAre() {
        final MockPropertyConfiguration aws = new MockPropertyConfiguration(Map.of("Use Path Style Access", "true"));
        new StandardAwsConnectionService().migrateProperties(aws);
        final MockPropertyConfiguration kserve = new MockPropertyConfiguration(Map.of("Connection Timeout", "3 secs"));
        new KServeModelScoringService().migrateProperties(kserve);

        assertThat(aws.toPropertyMigrationResult().getPropertiesRenamed()).isEmpty();
        assertThat(aws.getRawProperties()).containsExactly(Map.entry("Use Path Style Access", "true"));
        assertThat(kserve.toPropertyMigrationResult().getPropertiesRenamed()).isEmpty();
        assertThat(kserve.getRawProperties()).containsExactly(Map.entry("Connection Timeout", "3 secs"));
    }

    private static Map<String, String> migrate(final AbstractControllerService service, final Map<String, String> properties,
                                               final String oldName, final String newName) {
        final MockPropertyConfiguration config = new MockPropertyConfiguration(new LinkedHashMap<>(properties));
        service.migrateProperties(config);
        final PropertyMigrationResult result = config.toPropertyMigrationResult();
        assertThat(result.getPropertiesRenamed()).containsExactly(Map.entry(oldName, newName));
        return config.getRawProperties();
    }

    /** The migrated properties are all ones the service knows, and valid: a user sees no "not a supported property". */
    private static void assertRunsWith(final AbstractControllerService service, final Map<String, String> properties) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        runner.addControllerService("service", service, properties);
        runner.assertValid(service);
        runner.enableControllerService(service);
    }
}
