package io.nifidataops.healthcare;

import io.nifidataops.systemtest.NiFiInstance;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.S3TestServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run behind {@code ./run.sh}: starts an S3-compatible server (S3Mock) and the Glue stand-in,
 * starts the assembled NiFi 2.3.0 with our NARs, deploys the healthcare flow with parameters pointing at them, sends
 * the sample data, prints the UI address and what landed, and stops everything on Ctrl-C.
 * Arguments: the project directory, the assembled NiFi home, and a work directory.
 */
public final class HealthcareDemo {

    private HealthcareDemo() {
    }

    public static void main(final String[] args) throws IOException, InterruptedException {
        final Path project = Path.of(args[0]).toAbsolutePath();
        final Path nifiHome = Path.of(args[1]).toAbsolutePath();
        final Path work = Path.of(args[2]).toAbsolutePath();
        final CountDownLatch stopped = new CountDownLatch(1);
        progress("Starting the S3 server (S3Mock) and the Glue stand-in");
        try (S3TestServer s3 = new S3TestServer().start(); GlueStandIn glue = new GlueStandIn().start();
             NiFiInstance nifi = startNiFi(nifiHome, work)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("Stopping NiFi, the Glue stand-in and the S3 server...");
                stopped.countDown();
            }));
            progress("Importing the healthcare flow, setting its parameters, enabling its services and starting it");
            final FlowDeployer deployer = new FlowDeployer(FlowDeployer.parse(deployArguments(project, work, s3, glue, nifi)));
            final String groupId = deployer.deploy();
            progress("Sending the sample data (EHR and device POSTs, lab CSV files)");
            final int batches = deployer.sendSamples().size();
            progress("Sent " + batches + " sample batches; waiting for the flow to settle (up to a minute)");
            final int parked = deployer.awaitSettled(groupId, Duration.ofMinutes(5));
            final LakeSummary summary = LakeSummary.read(s3.client(), "lake", glue.client(), "healthcare_lake");
            System.out.println();
            System.out.println("NiFi UI:        " + nifi.uiUri());
            System.out.println("S3 endpoint:    " + s3.endpoint() + " (bucket lake, access key " + S3TestServer.ACCESS_KEY_ID + ")");
            System.out.println("Glue endpoint:  " + glue.endpoint());
            System.out.println("Ingest:         EHR " + deployer.settings().ingestUri("hospital.http.port", "fhir") + ", devices "
                    + deployer.settings().ingestUri("device.http.port", "vitals") + ", lab CSV files into "
                    + deployer.settings().parameter("lab.input.dir"));
            System.out.println(summary.describe());
            System.out.println("Quarantined objects: " + summary.objects("quarantine") + "; invalid records per dataset: "
                    + deployer.quarantinedRecords());
            System.out.println("FlowFiles waiting in the funnels for a person: " + parked);
            System.out.println("The canvas refreshes its counts every 30 s; right-click the canvas and choose Refresh to see them at once.");
            System.out.println("Press Ctrl-C to stop.");
            stopped.await();
        }
    }

    private static NiFiInstance startNiFi(final Path nifiHome, final Path work) {
        progress("Starting NiFi 2.3.0 with the nifi-dataops NARs (about 30 s; its log: " + work.resolve("nifi/logs/nifi-app.log") + ")");
        final long started = System.nanoTime();
        final NiFiInstance nifi = NiFiInstance.builder(nifiHome, work.resolve("nifi")).cleanStart().maxHeap("1g").start();
        progress("NiFi answered after " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        return nifi;
    }

    private static void progress(final String step) {
        System.out.println("==> " + step);
    }

    private static String[] deployArguments(final Path project, final Path work, final S3TestServer s3, final GlueStandIn glue,
                                            final NiFiInstance nifi) {
        final List<String> args = new ArrayList<>(List.of(
                "--nifi-api", nifi.apiUri().toString(),
                "--flow", project.resolve(HealthcareFlow.RELATIVE_PATH).toString(),
                "--s3-endpoint", s3.endpoint().toString(), "--glue-endpoint", glue.endpoint().toString(),
                "--region", S3TestServer.REGION, "--access-key", S3TestServer.ACCESS_KEY_ID, "--secret-key", S3TestServer.SECRET_ACCESS_KEY,
                "--bucket", "lake", "--suite-dir", project.resolve("flow-templates/suites").toString(),
                "--views-dir", project.resolve("flow-templates/views").toString(),
                "--model-file", project.resolve("flow-templates/model/vitals-risk.onnx").toString(),
                "--lab-dir", work.resolve("lab-drop").toString(), "--create-bucket",
                "--hospital-port", port("hospital.http.port"), "--device-port", port("device.http.port")));
        return args.toArray(String[]::new);
    }

    /** The parameter's default port if nothing listens on it, else a free one. */
    private static String port(final String parameter) {
        final int preferred = Integer.parseInt(HealthcareFlow.PARAMETERS.stream().filter(p -> p.name().equals(parameter))
                .findFirst().orElseThrow().value());
        for (final int candidate : new int[] {preferred, 0}) {
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return Integer.toString(socket.getLocalPort());
            } catch (final IOException busy) {
                // try the next candidate
            }
        }
        throw new IllegalStateException("No free port on 127.0.0.1 for " + parameter);
    }
}
