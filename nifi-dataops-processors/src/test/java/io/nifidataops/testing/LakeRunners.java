package io.nifidataops.testing;

import io.nifidataops.aws.StandardAwsConnectionService;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.TestRunner;

import java.net.URI;

/** The controller services a lake processor's runner needs: a JSON reader with a schema, and an S3 connection. */
public final class LakeRunners {

    private LakeRunners() {
    }

    /** A JsonTreeReader named "reader" with the given Avro schema, set on {@code readerProperty}. */
    public static void useJsonReader(final TestRunner runner, final PropertyDescriptor readerProperty, final String avroSchema)
            throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, avroSchema);
        runner.setProperty(reader, "Date Format", "yyyy-MM-dd");
        runner.enableControllerService(reader);
        runner.setProperty(readerProperty, "reader");
    }

    /**
     * An AWS connection named "aws" to the S3 endpoint (replacing an earlier one), set on {@code connectionProperty}; the Glue
     * endpoint too when {@code glue} is not null.
     */
    public static void useS3Endpoint(final TestRunner runner, final PropertyDescriptor connectionProperty, final URI endpoint,
                                     final URI glue, final String apiCallTimeout) throws InitializationException {
        if (runner.getControllerService("aws") != null) {
            runner.disableControllerService(runner.getControllerService("aws"));
            runner.removeControllerService(runner.getControllerService("aws"));
        }
        final StandardAwsConnectionService aws = new StandardAwsConnectionService();
        runner.addControllerService("aws", aws);
        runner.setProperty(aws, "Region", S3TestServer.REGION);
        runner.setProperty(aws, "S3 Endpoint Override", endpoint.toString());
        if (glue != null) {
            runner.setProperty(aws, "Glue Endpoint Override", glue.toString());
        }
        runner.setProperty(aws, "Use Path Style Access", "true");
        runner.setProperty(aws, "Credentials Strategy", "ACCESS_KEY");
        runner.setProperty(aws, "Access Key ID", S3TestServer.ACCESS_KEY_ID);
        runner.setProperty(aws, "Secret Access Key", S3TestServer.SECRET_ACCESS_KEY);
        runner.setProperty(aws, "Socket Timeout", "1 secs");
        runner.setProperty(aws, "API Call Timeout", apiCallTimeout);
        runner.enableControllerService(aws);
        runner.setProperty(connectionProperty, "aws");
    }
}
