package io.nifidataops.healthcare;

import com.fasterxml.jackson.databind.JsonNode;
import io.nifidataops.nifiapi.NiFiAccess;
import io.nifidataops.nifiapi.NiFiClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Imports the healthcare flow into a running NiFi, fills its parameter context, enables and starts it, and sends the
 * sample data. The same code serves {@code ./run.sh}, the system test and the docker stack's init container:
 * <pre>
 * java -cp ... io.nifidataops.healthcare.FlowDeployer --nifi-api http://nifi:8080/nifi-api/ --flow healthcare-ingestion.json \
 *     --s3-endpoint http://minio:9000 --glue-endpoint http://moto:5000 --region us-east-1 --access-key KEY --secret-key SECRET \
 *     --bucket lake --suite-dir /opt/nifi-dataops/suites --model-file /opt/nifi-dataops/model/vitals-risk.onnx \
 *     --lab-dir /opt/nifi-dataops/lab-drop --ingest-host nifi --create-bucket --send-samples
 * </pre>
 * Every option has the name of the flow parameter it sets (see {@link HealthcareFlow#PARAMETERS}) or is listed below.
 * <p>
 * A secured NiFi: {@code --nifi-api https://...} with {@code --truststore FILE} (PKCS12, JKS or PEM; password in the
 * environment variable {@value #TRUSTSTORE_PASSWORD_ENV}) or {@code --trust-nifi-properties FILE} (the truststore a NiFi's
 * nifi.properties names, as its bootstrap generated it), then {@code --keystore FILE} for a client certificate (password in
 * {@value #KEYSTORE_PASSWORD_ENV}) and/or {@code --username NAME} for a token login (password in {@value #PASSWORD_ENV}).
 * Passwords are read from the environment only, so that no process listing shows them, and are never printed.
 * <p>
 * Listeners over TLS: {@code --listener-keystore FILE} (and {@code --listener-truststore FILE} for client authentication;
 * PKCS12, paths as NiFi sees them, passwords in {@value #LISTENER_KEYSTORE_PASSWORD_ENV} and
 * {@value #LISTENER_TRUSTSTORE_PASSWORD_ENV}) makes both ListenHTTP processors serve HTTPS through an SSL context service
 * whose stores are parameters; the samples are then sent over HTTPS with {@code --ingest-keystore} (the client certificate,
 * password in {@value #INGEST_KEYSTORE_PASSWORD_ENV}) and {@code --ingest-truststore} ({@value #INGEST_TRUSTSTORE_PASSWORD_ENV}).
 * <p>
 * Deploying is idempotent: when the root canvas already holds a group named {@value HealthcareFlow#FLOW_NAME}, {@link #main}
 * reports it and changes nothing (no second import, no second sample delivery).
 */
public final class FlowDeployer {

    /** Where and how to deploy; built from the command line or by callers in the same JVM. */
    public record Settings(URI nifiApi, NiFiAccess access, Path flow, Map<String, String> parameters, String ingestHost,
                           NiFiAccess ingestAccess, boolean createBucket, boolean sendSamples, long seed) {

        public String parameter(final String name) {
            return parameters.get(name);
        }

        public URI ingestUri(final String portParameter, final String path) {
            return URI.create((listenerTls() ? "https://" : "http://") + ingestHost + ":" + parameter(portParameter) + "/" + path);
        }

        /** True when the listeners serve HTTPS with client authentication (a listener keystore is given). */
        public boolean listenerTls() {
            return !parameters.getOrDefault(LISTENER_KEYSTORE, "").isEmpty();
        }

        /** Sensitive parameter values (secrets, store passwords) are masked; the accesses print no passwords either. */
        @Override
        public String toString() {
            final Map<String, String> shown = new TreeMap<>(parameters);
            HealthcareFlow.PARAMETERS.stream().filter(HealthcareFlow.Parameter::sensitive).map(HealthcareFlow.Parameter::name)
                    .filter(shown::containsKey).forEach(name -> shown.put(name, "********"));
            return "Settings[nifiApi=" + nifiApi + ", access=" + access + ", flow=" + flow + ", parameters=" + shown + ", ingestHost="
                    + ingestHost + ", ingestAccess=" + ingestAccess + ", createBucket=" + createBucket + ", sendSamples=" + sendSamples
                    + ", seed=" + seed + "]";
        }
    }

    private static final String LISTENER_KEYSTORE = "listener.keystore";
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("--region", "aws.region"), Map.entry("--s3-endpoint", "s3.endpoint"), Map.entry("--path-style", "s3.path.style"),
            Map.entry("--glue-endpoint", "glue.endpoint"), Map.entry("--access-key", "aws.access.key.id"),
            Map.entry("--secret-key", "aws.secret.access.key"), Map.entry("--bucket", "lake.bucket"), Map.entry("--prefix", "lake.prefix"),
            Map.entry("--glue-database", "glue.database"), Map.entry("--suite-dir", "suite.dir"), Map.entry("--model-file", "model.file"),
            Map.entry("--hospital-port", "hospital.http.port"), Map.entry("--device-port", "device.http.port"),
            Map.entry("--lab-dir", "lab.input.dir"), Map.entry("--listener-keystore", LISTENER_KEYSTORE),
            Map.entry("--listener-truststore", "listener.truststore"));
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String TRUSTSTORE_PASSWORD_ENV = "NIFI_TRUSTSTORE_PASSWORD";
    static final String KEYSTORE_PASSWORD_ENV = "NIFI_KEYSTORE_PASSWORD";
    static final String PASSWORD_ENV = "NIFI_PASSWORD";
    static final String LISTENER_KEYSTORE_PASSWORD_ENV = "LISTENER_KEYSTORE_PASSWORD";
    static final String LISTENER_TRUSTSTORE_PASSWORD_ENV = "LISTENER_TRUSTSTORE_PASSWORD";
    static final String INGEST_KEYSTORE_PASSWORD_ENV = "INGEST_KEYSTORE_PASSWORD";
    static final String INGEST_TRUSTSTORE_PASSWORD_ENV = "INGEST_TRUSTSTORE_PASSWORD";
    /** The SSL context service the deployer adds for the listeners when they serve HTTPS. */
    public static final String LISTENER_TLS_SERVICE = "Listener TLS";
    private static final String OWN_OPTIONS = " --nifi-api --flow --ingest-host --seed --truststore --trust-nifi-properties --keystore"
            + " --username --ingest-truststore --ingest-keystore --create-bucket --send-samples";

    private final Settings settings;
    private final NiFiClient client;

    public FlowDeployer(final Settings settings) {
        this.settings = settings;
        this.client = new NiFiClient(settings.nifiApi(), settings.access());
    }

    public static void main(final String[] args) throws IOException {
        final FlowDeployer deployer = new FlowDeployer(parse(args, System.getenv()));
        NiFiClient.awaitCondition("NiFi at " + deployer.settings.nifiApi(), Duration.ofMinutes(5), deployer.client::isUp);
        final Optional<String> existing = deployer.deployedGroup();
        if (existing.isPresent()) {
            System.out.println("Flow already deployed: process group " + existing.get() + "; nothing changed, no samples sent");
            return;
        }
        final String groupId = deployer.deploy();
        System.out.println("Flow running: process group " + groupId);
        if (deployer.settings.sendSamples()) {
            final List<SampleData.Batch> sent = deployer.sendSamples();
            System.out.println("Sent " + sent.size() + " sample batches");
        }
    }

    public Settings settings() {
        return settings;
    }

    /** As {@link #parse(String[], Map)} with no passwords in the environment: for an unsecured NiFi. */
    public static Settings parse(final String[] args) {
        return parse(args, Map.of());
    }

    /**
     * Parses {@code --option value} pairs and the flags {@code --create-bucket} and {@code --send-samples}; passwords come
     * from {@code environment} ({@value #TRUSTSTORE_PASSWORD_ENV}, {@value #KEYSTORE_PASSWORD_ENV}, {@value #PASSWORD_ENV}).
     */
    public static Settings parse(final String[] args, final Map<String, String> environment) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        HealthcareFlow.PARAMETERS.stream().filter(p -> p.value() != null).forEach(p -> parameters.put(p.name(), p.value()));
        URI api = URI.create("http://127.0.0.1:8080/nifi-api/");
        Path flow = HealthcareFlow.RELATIVE_PATH;
        String host = "127.0.0.1";
        boolean createBucket = false;
        boolean send = false;
        long seed = 7;
        NiFiAccess access = NiFiAccess.none();
        NiFiAccess ingestAccess = NiFiAccess.none();
        for (int i = 0; i < args.length; i++) {
            final String option = args[i];
            switch (option) {
                case "--create-bucket" -> createBucket = true;
                case "--send-samples" -> send = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("Option " + option + " needs a value");
                    }
                    final String value = args[++i];
                    switch (option) {
                        case "--nifi-api" -> api = URI.create(value.endsWith("/") ? value : value + "/");
                        case "--flow" -> flow = Path.of(value);
                        case "--ingest-host" -> host = value;
                        case "--seed" -> seed = Long.parseLong(value);
                        case "--truststore" -> access = access.withTrustStore(Path.of(value), secret(environment, TRUSTSTORE_PASSWORD_ENV, false));
                        case "--trust-nifi-properties" -> access = access.withTrustStoreOf(Path.of(value));
                        case "--keystore" -> access = access.withKeyStore(Path.of(value), secret(environment, KEYSTORE_PASSWORD_ENV, true));
                        case "--username" -> access = access.withLogin(value, secret(environment, PASSWORD_ENV, true));
                        case "--ingest-truststore" -> ingestAccess = ingestAccess.withTrustStore(Path.of(value),
                                secret(environment, INGEST_TRUSTSTORE_PASSWORD_ENV, false));
                        case "--ingest-keystore" -> ingestAccess = ingestAccess.withKeyStore(Path.of(value),
                                secret(environment, INGEST_KEYSTORE_PASSWORD_ENV, true));
                        default -> {
                            final String parameter = OPTIONS.get(option);
                            if (parameter == null) {
                                throw new IllegalArgumentException("Unknown option " + option + "; known: " + OPTIONS.keySet() + OWN_OPTIONS);
                            }
                            parameters.put(parameter, value);
                        }
                    }
                }
            }
        }
        if (access.login() && !"https".equalsIgnoreCase(api.getScheme())) {
            // AccessResource#createAccessToken refuses logins over plain HTTP (rel/nifi-2.3.0, line 114)
            throw new IllegalArgumentException("--username needs an https:// --nifi-api: NiFi issues tokens over HTTPS only");
        }
        if (!parameters.getOrDefault(LISTENER_KEYSTORE, "").isEmpty()) {
            parameters.put("listener.keystore.password", new String(secret(environment, LISTENER_KEYSTORE_PASSWORD_ENV, true)));
            if (!parameters.getOrDefault("listener.truststore", "").isEmpty()) {
                parameters.put("listener.truststore.password", new String(secret(environment, LISTENER_TRUSTSTORE_PASSWORD_ENV, true)));
            }
        }
        return new Settings(api, access, flow, parameters, host, ingestAccess, createBucket, send, seed);
    }

    private static char[] secret(final Map<String, String> environment, final String variable, final boolean required) {
        final String value = environment.get(variable);
        if ((value == null || value.isEmpty()) && required) {
            throw new IllegalArgumentException("Set the environment variable " + variable + " (passwords are not taken as options)");
        }
        return value == null ? new char[0] : value.toCharArray();
    }

    /** The group an earlier run imported: a group named {@value HealthcareFlow#FLOW_NAME} on the root canvas. */
    public Optional<String> deployedGroup() {
        for (final JsonNode group : client.get("flow/process-groups/root").path("processGroupFlow").path("flow").path("processGroups")) {
            if (HealthcareFlow.FLOW_NAME.equals(group.path("component").path("name").asText())) {
                return Optional.of(group.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /** Imports the flow as a new group of the root canvas, sets the parameters, enables its services and starts it. */
    public String deploy() throws IOException {
        if (settings.createBucket()) {
            createBucket();
        }
        Files.createDirectories(Path.of(settings.parameter("lab.input.dir")));
        // NiFi loads NARs from its autoload directory after its REST API is up: a flow imported before that holds
        // "(Missing)" ghost processors
        NiFiClient.awaitCondition("the nifi-dataops NAR loaded in NiFi", TIMEOUT, () -> client.processorTypes().stream()
                .anyMatch(type -> "nifi-dataops-nar".equals(type.path("bundle").path("artifact").asText())));
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), HealthcareFlow.FLOW_NAME,
                Files.readAllBytes(settings.flow()), 0, 0);
        client.updateParameters(client.parameterContextId(groupId), settings.parameters(), TIMEOUT);
        if (settings.listenerTls()) {
            secureListeners(groupId);
        }
        client.enableControllerServices(groupId, TIMEOUT);
        client.startProcessGroup(groupId);
        return groupId;
    }

    /**
     * Makes every ListenHTTP of the group serve HTTPS and require a client certificate: adds a StandardSSLContextService
     * ({@value #LISTENER_TLS_SERVICE}) whose stores are the listener.* parameters, and points the listeners at it. The flow
     * definition itself keeps plain HTTP for the local sandbox: a service there would stay invalid without stores.
     */
    private void secureListeners(final String groupId) {
        final String serviceId = client.post("process-groups/" + groupId + "/controller-services", Map.of(
                "revision", Map.of("version", 0),
                "component", Map.of("name", LISTENER_TLS_SERVICE, "type", "org.apache.nifi.ssl.StandardSSLContextService"))).path("id").asText();
        final Map<String, String> stores = new LinkedHashMap<>(Map.of("Keystore Filename", "#{listener.keystore}",
                "Keystore Password", "#{listener.keystore.password}", "Keystore Type", "PKCS12", "SSL Protocol", "TLS"));
        if (!settings.parameters().getOrDefault("listener.truststore", "").isEmpty()) {
            stores.putAll(Map.of("Truststore Filename", "#{listener.truststore}", "Truststore Password", "#{listener.truststore.password}",
                    "Truststore Type", "PKCS12"));
        }
        client.updateControllerServiceProperties(serviceId, stores);
        for (final JsonNode processor : client.processors(groupId)) {
            if (processor.path("component").path("type").asText().endsWith(".ListenHTTP")) {
                client.updateProcessorProperties(processor.path("id").asText(), Map.of("SSL Context Service", serviceId,
                        "client-authentication", "REQUIRED"));
            }
        }
    }

    /**
     * Waits until the flow has nothing left to do: no lab file waiting for pickup, no thread at work and no FlowFile queued
     * except those parked in the {@value HealthcareFlow#NEEDS_ATTENTION} funnel, three polls in a row. Returns the parked count.
     */
    public int awaitSettled(final String groupId, final Duration timeout) {
        final Path labDir = Path.of(settings.parameter("lab.input.dir"));
        final int[] quietPolls = {0};
        NiFiClient.awaitCondition("the healthcare flow to settle", timeout, () -> {
            final NiFiClient.GroupStatus status = client.groupStatus(groupId);
            final boolean quiet = status.activeThreads() == 0 && status.queued() == parked(status) && labFiles(labDir) == 0;
            quietPolls[0] = quiet ? quietPolls[0] + 1 : 0;
            return quietPolls[0] >= 3;
        });
        return parked(client.groupStatus(groupId));
    }

    /** FlowFiles waiting in the queues into the attention funnel (NiFi names every funnel "Funnel"). */
    public static int parked(final NiFiClient.GroupStatus status) {
        return status.queues().stream().filter(queue -> "Funnel".equals(queue.destination())).mapToInt(NiFiClient.Queue::flowFiles).sum();
    }

    /**
     * Records written to the quarantine zone per dataset, from the provenance of the quarantine writer: one DROP event per
     * FlowFile (its success relationship ends there) carries the FlowFile's lake.dataset and record.count. NiFi indexes
     * provenance asynchronously: this reads until two reads a second apart agree (at most ten times).
     */
    public Map<String, Integer> quarantinedRecords() {
        Map<String, Integer> previous = null;
        Map<String, Integer> counts = readQuarantinedRecords();
        for (int read = 1; read < 10 && !counts.equals(previous); read++) {
            sleep(Duration.ofSeconds(1));
            previous = counts;
            counts = readQuarantinedRecords();
        }
        return counts;
    }

    private Map<String, Integer> readQuarantinedRecords() {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final JsonNode event : client.provenanceEvents(10_000)) {
            if ("DROP".equals(event.path("eventType").asText()) && HealthcareFlow.QUARANTINE_WRITER.equals(event.path("componentName").asText())) {
                final Map<String, String> attributes = new HashMap<>();
                event.path("attributes").forEach(attribute -> attributes.put(attribute.path("name").asText(), attribute.path("value").asText()));
                counts.merge(attributes.get("lake.dataset"), Integer.parseInt(attributes.getOrDefault("record.count", "0")), Integer::sum);
            }
        }
        return counts;
    }

    private static long labFiles(final Path labDir) {
        try (var files = Files.list(labDir)) {
            return files.count();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends every sample batch the way its source delivers it: HTTP POSTs for EHR and devices, files for labs. */
    public List<SampleData.Batch> sendSamples() throws IOException {
        final List<SampleData.Batch> batches = SampleData.generate(settings.seed());
        final int hospitalPort = Integer.parseInt(settings.parameter("hospital.http.port"));
        final int devicePort = Integer.parseInt(settings.parameter("device.http.port"));
        for (final SampleData.Batch batch : batches) {
            send(batch, hospitalPort, devicePort);
        }
        return batches;
    }

    /**
     * Sends one batch as its source delivers it, to listeners on other ports than the parameters name (another cluster node on
     * the same host); lab files go to the drop directory.
     */
    public void send(final SampleData.Batch batch, final int hospitalPort, final int devicePort) throws IOException {
        final HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (settings.listenerTls()) {
            builder.sslContext(settings.ingestAccess().sslContext());
        }
        final HttpClient http = builder.build();
        switch (batch.source()) {
            case "hospital" -> post(http, ingestUri(hospitalPort, "fhir"), batch, "application/fhir+json");
            case "device" -> post(http, ingestUri(devicePort, "vitals"), batch, "application/x-ndjson");
            default -> drop(Path.of(settings.parameter("lab.input.dir")), batch);
        }
    }

    private URI ingestUri(final int port, final String path) {
        return URI.create((settings.listenerTls() ? "https://" : "http://") + settings.ingestHost() + ":" + port + "/" + path);
    }

    private void post(final HttpClient http, final URI uri, final SampleData.Batch batch, final String contentType) throws IOException {
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).header("X-Lake-Dataset", batch.dataset())
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.content())).build();
        // The listener starts a moment after the group does: retry refused connections for a while
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
                }
            } catch (final IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while sending " + batch.name(), e);
            }
            sleep(Duration.ofMillis(500));
        }
    }

    /** Writes under a hidden name of its own, then renames: GetFile never sees a half-written file, whoever else drops one. */
    private static void drop(final Path directory, final SampleData.Batch batch) {
        try {
            final Path hidden = Files.createTempFile(directory, "." + batch.name() + ".", ".part");
            Files.write(hidden, batch.content());
            Files.move(hidden, directory.resolve(batch.name()), StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException("Dropping " + batch.name() + " into " + directory + " failed", e);
        }
    }

    private void createBucket() {
        try (S3Client s3 = S3Client.builder().region(Region.of(settings.parameter("aws.region")))
                .endpointOverride(URI.create(settings.parameter("s3.endpoint"))).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.parameter("aws.access.key.id"), settings.parameter("aws.secret.access.key"))))
                .build()) {
            s3.createBucket(builder -> builder.bucket(settings.parameter("lake.bucket")));
        } catch (final BucketAlreadyOwnedByYouException e) {
            // created by an earlier run
        } catch (final S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
