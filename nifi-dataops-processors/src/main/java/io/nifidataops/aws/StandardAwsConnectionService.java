package io.nifidataops.aws;

import io.nifidataops.aws.AwsClientFactory.AwsClients;
import io.nifidataops.aws.AwsClientSettings.Credentials;
import io.nifidataops.processors.SafeErrorMessages;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxyConfigurationService;
import org.apache.nifi.ssl.SSLContextProvider;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

@SeeAlso(classNames = {"io.nifidataops.processors.PutLakeParquet", "io.nifidataops.catalog.GlueCatalogService"})
@Tags({"aws", "s3", "glue", "sts", "credentials", "connection", "minio", "proxy", "tls"})
@CapabilityDescription("Provides S3 and Glue clients (AWS SDK v2) for one region, endpoint and set of credentials, shared by"
        + " the processors that write to the lake and register tables. Works with AWS and with S3-compatible stores such as"
        + " MinIO. Verification checks that S3 can be reached with these credentials.")
public class StandardAwsConnectionService extends AbstractControllerService implements AwsConnectionService, VerifiableControllerService {

    static final PropertyDescriptor REGION = connectionSetting("Region",
            "AWS region of the S3 buckets and the Glue Data Catalog, e.g. eu-west-1. S3-compatible stores usually accept any"
                    + " region; us-east-1 is the common choice.")
            .required(true)
            .defaultValue("us-east-1")
            .build();

    static final PropertyDescriptor S3_ENDPOINT_OVERRIDE = connectionSetting("S3 Endpoint Override",
            "URL of an S3-compatible endpoint (MinIO, LocalStack) or a VPC endpoint, used instead of the regional AWS endpoint.")
            .clearValidators()
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    static final PropertyDescriptor GLUE_ENDPOINT_OVERRIDE = connectionSetting("Glue Endpoint Override",
            "URL of a Glue-compatible endpoint (moto, LocalStack) or a VPC endpoint, used instead of the regional AWS endpoint.")
            .clearValidators()
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    static final PropertyDescriptor PATH_STYLE_ACCESS = new PropertyDescriptor.Builder()
            .name("Use Path Style Access")
            .description("Address buckets as endpoint/bucket instead of bucket.endpoint; most S3-compatible stores need it.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    static final PropertyDescriptor CREDENTIALS_STRATEGY = new PropertyDescriptor.Builder()
            .name("Credentials Strategy")
            .description("Where the credentials come from.")
            .required(true)
            .allowableValues(CredentialsStrategy.class)
            .defaultValue(CredentialsStrategy.DEFAULT_CHAIN)
            .build();

    // Optional under Assume Role (the default chain signs the STS call then), required under Access Key: see customValidate.
    static final PropertyDescriptor ACCESS_KEY_ID = secret("Access Key ID",
            "Access key ID. Under Assume Role it is optional and signs the AssumeRole call.",
            CredentialsStrategy.ACCESS_KEY, CredentialsStrategy.ASSUME_ROLE);

    static final PropertyDescriptor SECRET_ACCESS_KEY = secret("Secret Access Key",
            "Secret access key that belongs to the Access Key ID.", CredentialsStrategy.ACCESS_KEY, CredentialsStrategy.ASSUME_ROLE);

    static final PropertyDescriptor SESSION_TOKEN = secret("Session Token",
            "Session token of temporary credentials.", CredentialsStrategy.ACCESS_KEY, CredentialsStrategy.ASSUME_ROLE);

    static final PropertyDescriptor PROFILE_NAME = connectionSetting("Profile Name",
            "Profile in the shared AWS config and credentials files of the NiFi host.")
            .required(true)
            .dependsOn(CREDENTIALS_STRATEGY, CredentialsStrategy.PROFILE)
            .build();

    static final PropertyDescriptor ASSUME_ROLE_ARN = connectionSetting("Assume Role ARN",
            "ARN of the IAM role to assume, e.g. arn:aws:iam::123456789012:role/lake-writer.")
            .required(true)
            .dependsOn(CREDENTIALS_STRATEGY, CredentialsStrategy.ASSUME_ROLE, CredentialsStrategy.WEB_IDENTITY)
            .build();

    static final PropertyDescriptor ASSUME_ROLE_SESSION_NAME = connectionSetting("Assume Role Session Name",
            "Session name recorded in CloudTrail for the assumed role.")
            .required(true)
            .defaultValue("nifi-dataops")
            .addValidator(StandardValidators.createRegexMatchingValidator(Pattern.compile("[\\w+=,.@-]{2,64}")))
            .dependsOn(CREDENTIALS_STRATEGY, CredentialsStrategy.ASSUME_ROLE, CredentialsStrategy.WEB_IDENTITY)
            .build();

    static final PropertyDescriptor ASSUME_ROLE_EXTERNAL_ID = secret("Assume Role External ID",
            "External ID the role's trust policy requires, if any.", CredentialsStrategy.ASSUME_ROLE);

    static final PropertyDescriptor WEB_IDENTITY_TOKEN_FILE = connectionSetting("Web Identity Token File",
            "File that holds the OIDC token exchanged for the role's credentials, e.g. the service-account token EKS mounts at"
                    + " /var/run/secrets/eks.amazonaws.com/serviceaccount/token. Read again at every refresh.")
            .required(true)
            .clearValidators()
            .addValidator(StandardValidators.FILE_EXISTS_VALIDATOR)
            .dependsOn(CREDENTIALS_STRATEGY, CredentialsStrategy.WEB_IDENTITY)
            .build();

    static final PropertyDescriptor ASSUME_ROLE_SESSION_DURATION = new PropertyDescriptor.Builder()
            .name("Assume Role Session Duration")
            .description("How long the assumed role's credentials last before the service refreshes them: 15 minutes to 12 hours,"
                    + " and no longer than the role's maximum session duration. Empty uses STS's default of 1 hour.")
            .required(false)
            .addValidator(StandardValidators.createTimePeriodValidator(15, java.util.concurrent.TimeUnit.MINUTES, 12, java.util.concurrent.TimeUnit.HOURS))
            .dependsOn(CREDENTIALS_STRATEGY, CredentialsStrategy.ASSUME_ROLE, CredentialsStrategy.WEB_IDENTITY)
            .build();

    static final PropertyDescriptor STS_REGION = connectionSetting("STS Region",
            "Region of the STS endpoint that issues the role's credentials. Empty uses the Region above.")
            .dependsOn(CREDENTIALS_STRATEGY, CredentialsStrategy.ASSUME_ROLE, CredentialsStrategy.WEB_IDENTITY)
            .build();

    static final PropertyDescriptor STS_ENDPOINT_OVERRIDE = connectionSetting("STS Endpoint Override",
            "URL of an STS endpoint used instead of the regional AWS one, e.g. an STS VPC endpoint.")
            .clearValidators()
            .addValidator(StandardValidators.URL_VALIDATOR)
            .dependsOn(CREDENTIALS_STRATEGY, CredentialsStrategy.ASSUME_ROLE, CredentialsStrategy.WEB_IDENTITY)
            .build();

    static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("Trust store (and key store, for mutual TLS) for HTTPS to S3, Glue and STS, e.g. to trust the private CA of an"
                    + " on-premises S3-compatible store. It replaces the JVM's trust store for these connections. Empty uses the JVM's.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    static final PropertyDescriptor PROXY_CONFIGURATION_SERVICE = new PropertyDescriptor.Builder()
            .name("Proxy Configuration Service")
            .description("HTTP proxy for every call to S3, Glue and STS, with optional user name and password. SOCKS proxies are not"
                    + " supported by the AWS SDK's HTTP client. Empty connects directly and ignores the JVM's proxy properties.")
            .required(false)
            .identifiesControllerService(ProxyConfigurationService.class)
            .build();

    static final PropertyDescriptor CONNECTION_TIMEOUT = timeout("Connection Timeout",
            "Time allowed to open a connection to the service.", "10 secs");

    static final PropertyDescriptor SOCKET_TIMEOUT = timeout("Socket Timeout",
            "Time allowed without data on an open connection.", "30 secs");

    static final PropertyDescriptor API_CALL_TIMEOUT = timeout("API Call Timeout",
            "Time allowed for one API call including the SDK's retries, e.g. one part of a multipart upload.", "5 mins");

    static final PropertyDescriptor VERIFICATION_BUCKET = connectionSetting("Verification Bucket",
            "Bucket that Verify checks access to. Without it, Verify lists the buckets, which a role limited to some buckets"
                    + " may not be allowed to do.")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            REGION, S3_ENDPOINT_OVERRIDE, GLUE_ENDPOINT_OVERRIDE, PATH_STYLE_ACCESS, CREDENTIALS_STRATEGY, ACCESS_KEY_ID,
            SECRET_ACCESS_KEY, SESSION_TOKEN, PROFILE_NAME, ASSUME_ROLE_ARN, ASSUME_ROLE_SESSION_NAME, ASSUME_ROLE_EXTERNAL_ID,
            WEB_IDENTITY_TOKEN_FILE, ASSUME_ROLE_SESSION_DURATION, STS_REGION, STS_ENDPOINT_OVERRIDE, SSL_CONTEXT_SERVICE,
            PROXY_CONFIGURATION_SERVICE, CONNECTION_TIMEOUT, SOCKET_TIMEOUT, API_CALL_TIMEOUT, VERIFICATION_BUCKET);

    static final String STEP_CREATE_CLIENT = "Create S3 Client";
    static final String STEP_ACCESS_S3 = "Access S3";

    private volatile AwsClientSettings settings;
    private volatile AwsClients clients;

    /** Old flows named Use Path Style Access "Path Style Access"; its value moves to the current name. */
    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        if (config.hasProperty("Path Style Access")) {
            config.renameProperty("Path Style Access", PATH_STYLE_ACCESS.getName());
        }
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    // Which credentials are required depends on the strategy in ways dependsOn cannot express (optional key under
    // Assume Role); AwsClientSettings owns those rules.
    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        try {
            credentials(context);
        } catch (IllegalArgumentException e) {
            results.add(new ValidationResult.Builder().subject(CREDENTIALS_STRATEGY.getName()).valid(false)
                    .explanation(e.getMessage()).build());
        }
        final ProxyConfigurationService proxyService = context.getProperty(PROXY_CONFIGURATION_SERVICE).asControllerService(ProxyConfigurationService.class);
        if (proxyService != null) {
            final Proxy.Type type = proxyService.getConfiguration().getProxyType();
            if (type != Proxy.Type.HTTP && type != Proxy.Type.DIRECT) {
                results.add(new ValidationResult.Builder().subject(PROXY_CONFIGURATION_SERVICE.getName()).valid(false)
                        .explanation("the AWS SDK's HTTP client supports HTTP proxies only, not " + type).build());
            }
        }
        return results;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        final AwsClientSettings enabledSettings = settings(context);
        clients = AwsClientFactory.create(enabledSettings);
        settings = enabledSettings;
    }

    @OnDisabled
    public void onDisabled() {
        final AwsClients enabledClients = clients;
        clients = null;
        settings = null;
        if (enabledClients != null) {
            enabledClients.close();
        }
    }

    @Override
    public S3Client getS3Client() {
        return enabledClients().s3();
    }

    @Override
    public GlueClient getGlueClient() {
        return enabledClients().glue();
    }

    @Override
    public String getRegion() {
        final AwsClientSettings enabledSettings = settings;
        if (enabledSettings == null) {
            throw new IllegalStateException("AWS connection service is not enabled");
        }
        return enabledSettings.region();
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final AwsClients verificationClients;
        try {
            verificationClients = AwsClientFactory.create(settings(context));
            results.add(result(STEP_CREATE_CLIENT, Outcome.SUCCESSFUL, "Created S3 client"));
        } catch (RuntimeException e) {
            final String reason = SafeErrorMessages.describe(e);
            verificationLogger.error("Failed to create S3 client: {}", reason);
            verificationLogger.debug("Failed to create S3 client", e);
            results.add(result(STEP_CREATE_CLIENT, Outcome.FAILED, "Failed to create S3 client: " + reason));
            results.add(result(STEP_ACCESS_S3, Outcome.SKIPPED, "No S3 client"));
            return results;
        }
        try (verificationClients) {
            final String bucket = context.getProperty(VERIFICATION_BUCKET).evaluateAttributeExpressions().getValue();
            results.add(accessS3(verificationClients.s3(), bucket, verificationLogger));
        }
        return results;
    }

    private static ConfigVerificationResult accessS3(final S3Client s3, final String bucket, final ComponentLog logger) {
        try {
            if (bucket == null) {
                final int count = s3.listBuckets().buckets().size();
                return result(STEP_ACCESS_S3, Outcome.SUCCESSFUL, "Listed " + count + " buckets");
            }
            s3.headBucket(request -> request.bucket(bucket));
            return result(STEP_ACCESS_S3, Outcome.SUCCESSFUL, "Bucket " + bucket + " is accessible");
        } catch (RuntimeException e) {
            final String what = bucket == null ? "list buckets" : "access bucket " + bucket;
            final String reason = AwsErrorClassifier.classify(e).description();
            logger.error("Failed to {}: {}", what, reason);
            logger.debug("Failed to {}", what, e);
            return result(STEP_ACCESS_S3, Outcome.FAILED, "Failed to " + what + ": " + reason);
        }
    }

    private static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    private AwsClients enabledClients() {
        final AwsClients enabledClients = clients;
        if (enabledClients == null) {
            throw new IllegalStateException("AWS connection service is not enabled");
        }
        return enabledClients;
    }

    static AwsClientSettings settings(final PropertyContext context) {
        return new AwsClientSettings(
                value(context, REGION),
                uri(value(context, S3_ENDPOINT_OVERRIDE)),
                uri(value(context, GLUE_ENDPOINT_OVERRIDE)),
                context.getProperty(PATH_STYLE_ACCESS).asBoolean(),
                credentials(context),
                context.getProperty(CONNECTION_TIMEOUT).asDuration(),
                context.getProperty(SOCKET_TIMEOUT).asDuration(),
                context.getProperty(API_CALL_TIMEOUT).asDuration(),
                tls(context),
                proxy(context));
    }

    private static Credentials credentials(final PropertyContext context) {
        final String tokenFile = value(context, WEB_IDENTITY_TOKEN_FILE);
        return new Credentials(
                context.getProperty(CREDENTIALS_STRATEGY).asAllowableValue(CredentialsStrategy.class),
                value(context, ACCESS_KEY_ID), value(context, SECRET_ACCESS_KEY), value(context, SESSION_TOKEN),
                value(context, PROFILE_NAME), value(context, ASSUME_ROLE_ARN), value(context, ASSUME_ROLE_SESSION_NAME),
                value(context, ASSUME_ROLE_EXTERNAL_ID),
                tokenFile == null || tokenFile.isBlank() ? null : Path.of(tokenFile.strip()),
                context.getProperty(ASSUME_ROLE_SESSION_DURATION).isSet() ? context.getProperty(ASSUME_ROLE_SESSION_DURATION).asDuration() : null,
                value(context, STS_REGION),
                uri(value(context, STS_ENDPOINT_OVERRIDE)));
    }

    private static AwsClientSettings.Tls tls(final PropertyContext context) {
        final SSLContextProvider ssl = context.getProperty(SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        return ssl == null ? null : new AwsClientSettings.Tls(ssl.createTrustManager(), ssl.createKeyManager().orElse(null));
    }

    private static AwsClientSettings.Proxy proxy(final PropertyContext context) {
        final ProxyConfigurationService service = context.getProperty(PROXY_CONFIGURATION_SERVICE).asControllerService(ProxyConfigurationService.class);
        if (service == null) {
            return null;
        }
        final ProxyConfiguration config = service.getConfiguration();
        if (config.getProxyType() == Proxy.Type.DIRECT) {
            return null;
        }
        if (config.getProxyType() != Proxy.Type.HTTP) {
            throw new IllegalArgumentException("The AWS SDK's HTTP client supports HTTP proxies only, not " + config.getProxyType());
        }
        return new AwsClientSettings.Proxy(config.getProxyServerHost(), config.getProxyServerPort() == null ? 0 : config.getProxyServerPort(),
                config.getProxyUserName(), config.getProxyUserPassword());
    }

    private static String value(final PropertyContext context, final PropertyDescriptor descriptor) {
        return context.getProperty(descriptor).evaluateAttributeExpressions().getValue();
    }

    private static URI uri(final String value) {
        return value == null || value.isBlank() ? null : URI.create(value.strip());
    }

    // Connection settings may come from the environment or parameters, never from FlowFiles.
    private static PropertyDescriptor.Builder connectionSetting(final String name, final String description) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description)
                .required(false)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
                .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT);
    }

    private static PropertyDescriptor secret(final String name, final String description, final CredentialsStrategy... strategies) {
        return connectionSetting(name, description)
                .sensitive(true)
                .dependsOn(CREDENTIALS_STRATEGY, strategies[0], Arrays.copyOfRange(strategies, 1, strategies.length))
                .build();
    }

    private static PropertyDescriptor timeout(final String name, final String description, final String defaultValue) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description)
                .required(true)
                .defaultValue(defaultValue)
                .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
                .build();
    }
}
