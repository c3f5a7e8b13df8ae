package io.nifidataops.aws;

import org.apache.nifi.controller.ControllerService;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One AWS connection (region, endpoints, credentials, timeouts) shared by the S3 and Glue processors.
 * The clients are thread-safe and owned by the service: callers must not close them.
 */
public interface AwsConnectionService extends ControllerService {

    S3Client getS3Client();

    GlueClient getGlueClient();

    String getRegion();
}
