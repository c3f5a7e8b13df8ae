package io.nifidataops.scoring;

import io.nifidataops.processors.SafeErrorMessages;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
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

import java.io.IOException;
import java.net.URI;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the model-server services share: endpoint, TLS, timeouts, an optional authentication header, splitting a batch
 * into requests, and Verify (readiness, then one sample row). Subclasses supply the protocol.
 */
public abstract class RemoteModelScoringService extends AbstractControllerService implements ModelScoringService, VerifiableControllerService {

    static final PropertyDescriptor ENDPOINT_URL = new PropertyDescriptor.Builder()
            .name("Endpoint URL")
            .description("Base URL of the model server, e.g. https://models.example.org:8443")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("TLS settings for an https endpoint (trust store, and a key store for mutual TLS)")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    static final PropertyDescriptor PROXY_CONFIGURATION_SERVICE = new PropertyDescriptor.Builder()
            .name("Proxy Configuration Service")
            .description("HTTP proxy for the requests to the model server, with optional user name and password (sent to the proxy"
                    + " for http:// endpoints; Java does not send Basic credentials when tunnelling https://). Empty connects directly.")
            .required(false)
            .identifiesControllerService(ProxyConfigurationService.class)
            .build();

    static final PropertyDescriptor CONNECTION_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Connection Timeout")
            .description("How long to wait for a connection to the model server")
            .required(true)
            .defaultValue("5 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor REQUEST_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Request Timeout")
            .description("How long to wait for the answer to one request; a slower server counts as unavailable and the "
                    + "FlowFile goes to retry")
            .required(true)
            .defaultValue("30 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor AUTH_HEADER_NAME = new PropertyDescriptor.Builder()
            .name("Authentication Header Name")
            .description("Name of the header that carries the credential")
            .required(true)
            .defaultValue("Authorization")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor AUTH_HEADER_VALUE = new PropertyDescriptor.Builder()
            .name("Authentication Header Value")
            .description("Credential sent with every request, e.g. 'Bearer <token>'; none when empty")
            .required(false)
            .sensitive(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor ALLOW_CREDENTIALS_OVER_HTTP = new PropertyDescriptor.Builder()
            .name("Allow Credentials Over HTTP")
            .description("Whether the Authentication Header Value may be sent to an http:// endpoint, in clear text. Off, a credential "
                    + "with an http:// Endpoint URL makes the service invalid; use https, or turn this on only where the network itself "
                    + "is trusted (a sidecar on localhost, a service mesh that encrypts)")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .dependsOn(AUTH_HEADER_VALUE)
            .build();

    static final PropertyDescriptor MAX_ROWS_PER_REQUEST = new PropertyDescriptor.Builder()
            .name("Maximum Rows Per Request")
            .description("A batch larger than this is sent as several requests")
            .required(true)
            .defaultValue("1000")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final PropertyDescriptor MODEL_VERSION = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.MODEL_VERSION)
            .required(false)
            .build();

    static final String UNVERSIONED = "unversioned";

    private volatile ScoringHttp http;
    private volatile RemoteProtocol protocol;
    private volatile ModelInfo info;
    private volatile int maxRows;

    /** Protocol-specific properties, listed after the endpoint. */
    protected abstract List<PropertyDescriptor> protocolProperties();

    protected abstract RemoteProtocol createProtocol(ConfigurationContext context, URI endpoint);

    protected abstract ModelInfo modelInfo(ConfigurationContext context);

    /** Old flows named Connection Timeout "Connect Timeout"; its value moves to the current name. */
    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        if (config.hasProperty("Connect Timeout")) {
            config.renameProperty("Connect Timeout", CONNECTION_TIMEOUT.getName());
        }
    }

    @Override
    protected final List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return Stream.of(List.of(ENDPOINT_URL), protocolProperties(),
                List.of(SSL_CONTEXT_SERVICE, PROXY_CONFIGURATION_SERVICE, CONNECTION_TIMEOUT, REQUEST_TIMEOUT, AUTH_HEADER_NAME, AUTH_HEADER_VALUE, ALLOW_CREDENTIALS_OVER_HTTP,
                        MAX_ROWS_PER_REQUEST))
                .flatMap(List::stream).toList();
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final String endpoint = context.getProperty(ENDPOINT_URL).evaluateAttributeExpressions().getValue();
        if (context.getProperty(AUTH_HEADER_VALUE).isSet() && endpoint != null && isPlainHttp(endpoint)
                && !context.getProperty(ALLOW_CREDENTIALS_OVER_HTTP).asBoolean()) {
            results.add(new ValidationResult.Builder().subject(AUTH_HEADER_VALUE.getName()).valid(false)
                    .explanation("the credential would travel in clear text to an http:// endpoint: use an https:// Endpoint URL, or set '%s' to true"
                            .formatted(ALLOW_CREDENTIALS_OVER_HTTP.getName()))
                    .build());
        }
        final ProxyConfigurationService proxy = context.getProperty(PROXY_CONFIGURATION_SERVICE).asControllerService(ProxyConfigurationService.class);
        if (proxy != null) {
            final Proxy.Type type = proxy.getConfiguration().getProxyType();
            if (type != Proxy.Type.HTTP && type != Proxy.Type.DIRECT) {
                results.add(new ValidationResult.Builder().subject(PROXY_CONFIGURATION_SERVICE.getName()).valid(false)
                        .explanation("Java's HTTP client supports HTTP proxies only, not " + type).build());
            }
        }
        return results;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        final URI endpoint = endpoint(context);
        if (context.getProperty(AUTH_HEADER_VALUE).isSet() && isPlainHttp(endpoint.toString())) {
            getLogger().warn("The authentication header is sent in clear text to {}, as '{}' allows", RemoteUris.redact(endpoint),
                    ALLOW_CREDENTIALS_OVER_HTTP.getName());
        }
        http = createHttp(context);
        protocol = createProtocol(context, endpoint);
        info = modelInfo(context);
        maxRows = context.getProperty(MAX_ROWS_PER_REQUEST).asInteger();
    }

    @OnDisabled
    public void onDisabled() {
        if (http != null) {
            http.close();
            http = null;
        }
    }

    @Override
    public ModelInfo getModelInfo() {
        return info;
    }

    @Override
    public Optional<String> getTransitUri() {
        return Optional.of(RemoteUris.redact(protocol.inferenceUri()).toString());
    }

    @Override
    public ScoreBatch score(final float[][] features) throws ScoringException {
        try (ScoringModel model = acquire(RemoteCall.Listener.NONE)) {
            return model.score(features);
        }
    }

    /** The model server's model as configured; every request (one per Maximum Rows Per Request) is reported to the listener. */
    @Override
    public ScoringModel acquire(final RemoteCall.Listener listener) throws ScoringException {
        // Taken once: a lease keeps the client it started with, even if the service is disabled meanwhile
        final ScoringHttp client = http;
        final RemoteProtocol leasedProtocol = protocol;
        final ModelInfo leasedInfo = info;
        final int rowsPerRequest = maxRows;
        if (client == null || leasedProtocol == null) {
            throw new ScoringException("The model scoring service is disabled", true);
        }
        final String transitUri = RemoteUris.redact(leasedProtocol.inferenceUri()).toString();
        return new ScoringModel() {
            @Override
            public ModelInfo info() {
                return leasedInfo;
            }

            @Override
            public ScoreBatch score(final float[][] features) throws ScoringException {
                final List<ScoreBatch> parts = new ArrayList<>();
                for (int from = 0; from < features.length; from += rowsPerRequest) {
                    final float[][] rows = Arrays.copyOfRange(features, from, Math.min(features.length, from + rowsPerRequest));
                    final long started = System.nanoTime();
                    boolean succeeded = false;
                    try {
                        parts.add(send(client, leasedProtocol, rows));
                        succeeded = true;
                    } finally {
                        listener.completed(new RemoteCall(transitUri, rows.length, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), succeeded));
                    }
                }
                return parts.isEmpty() ? ScoreBatch.builder(0).scores("none", new float[0]).build(List.of()) : ScoreBatch.concat(parts);
            }

            @Override
            public void close() {
            }
        };
    }

    private static ScoreBatch send(final ScoringHttp http, final RemoteProtocol protocol, final float[][] rows) throws ScoringException {
        final byte[] body;
        try {
            body = protocol.request(rows);
        } catch (final IOException e) {
            throw new ScoringException("The request could not be written (%s)".formatted(e.getClass().getSimpleName()), false, e);
        }
        return protocol.response(http.postJson(protocol.inferenceUri(), body), rows.length);
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final RemoteProtocol candidate = createProtocol(context, endpoint(context));
        final ModelInfo candidateInfo = modelInfo(context);
        try (ScoringHttp client = createHttp(context)) {
            final ConfigVerificationResult.Builder ready = new ConfigVerificationResult.Builder().verificationStepName("Check Readiness");
            final int status = client.getStatus(candidate.readinessUri());
            if (status / 100 != 2) {
                results.add(ready.outcome(Outcome.FAILED).explanation("%s answered HTTP %d".formatted(RemoteUris.redact(candidate.readinessUri()), status)).build());
                return results;
            }
            results.add(ready.outcome(Outcome.SUCCESSFUL).explanation("%s answered HTTP %d".formatted(RemoteUris.redact(candidate.readinessUri()), status)).build());
            results.addAll(verifyProtocol(client, candidate));

            final ConfigVerificationResult.Builder sample = new ConfigVerificationResult.Builder().verificationStepName("Score Sample");
            final int features = candidateInfo.featureNames().size();
            if (features == 0) {
                results.add(sample.outcome(Outcome.SKIPPED).explanation("Feature Names are not configured").build());
            } else {
                final ScoreBatch batch = send(client, candidate, new float[1][features]);
                results.add(sample.outcome(Outcome.SUCCESSFUL).explanation("A vector of %d zeros scored: score %s, label %s, classes %s"
                        .formatted(features, batch.score(0, -1), batch.label(0), batch.classes())).build());
            }
        } catch (final ScoringException e) {
            verificationLogger.error("Model server check failed: {}", SafeErrorMessages.describe(e));
            results.add(new ConfigVerificationResult.Builder().verificationStepName("Call Model Server")
                    .outcome(Outcome.FAILED).explanation(SafeErrorMessages.describe(e)).build());
        }
        return results;
    }

    /** Further protocol checks after readiness (model metadata); none by default. */
    protected List<ConfigVerificationResult> verifyProtocol(final ScoringHttp client, final RemoteProtocol candidate) throws ScoringException {
        return List.of();
    }

    private ScoringHttp createHttp(final ConfigurationContext context) {
        final HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(context.getProperty(CONNECTION_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)));
        final SSLContextProvider ssl = context.getProperty(SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        if (ssl != null) {
            builder.sslContext(ssl.createContext());
        }
        final ProxyConfigurationService proxyService = context.getProperty(PROXY_CONFIGURATION_SERVICE).asControllerService(ProxyConfigurationService.class);
        final ProxyConfiguration proxy = proxyService == null ? null : proxyService.getConfiguration();
        if (proxy != null && proxy.getProxyType() == Proxy.Type.HTTP) {
            // A fixed selector: every request goes through the proxy, localhost included, as the configuration says
            builder.proxy(ProxySelector.of(new InetSocketAddress(proxy.getProxyServerHost(), proxy.getProxyServerPort())));
            if (proxy.hasCredential()) {
                final PasswordAuthentication credential = new PasswordAuthentication(proxy.getProxyUserName(),
                        proxy.getProxyUserPassword() == null ? new char[0] : proxy.getProxyUserPassword().toCharArray());
                builder.authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        // Only the proxy gets these credentials, never the model server
                        return getRequestorType() == RequestorType.PROXY ? credential : null;
                    }
                });
            }
        }
        final String headerValue = context.getProperty(AUTH_HEADER_VALUE).getValue();
        return new ScoringHttp(builder.build(), Duration.ofMillis(context.getProperty(REQUEST_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                headerValue == null ? null : context.getProperty(AUTH_HEADER_NAME).getValue(), headerValue);
    }

    private static boolean isPlainHttp(final String endpoint) {
        return endpoint.strip().regionMatches(true, 0, "http://", 0, "http://".length());
    }

    private static URI endpoint(final ConfigurationContext context) {
        return URI.create(context.getProperty(ENDPOINT_URL).evaluateAttributeExpressions().getValue().strip());
    }

    static String version(final ConfigurationContext context) {
        final String version = context.getProperty(MODEL_VERSION).evaluateAttributeExpressions().getValue();
        return version == null || version.isBlank() ? null : version.strip();
    }
}
