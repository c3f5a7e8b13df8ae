package io.nifidataops.testing;

import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.ssl.SSLContextProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.util.Optional;

/** An SSLContextProvider over one trust manager (NiFi's StandardSSLContextService is not on the Maven mirror). */
public final class TestSslContextService extends AbstractControllerService implements SSLContextProvider {

    private final X509TrustManager trustManager;

    public TestSslContextService(final X509TrustManager trustManager) {
        this.trustManager = trustManager;
    }

    @Override
    public SSLContext createContext() {
        try {
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trustManager}, null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<X509ExtendedKeyManager> createKeyManager() {
        return Optional.empty();
    }

    @Override
    public X509TrustManager createTrustManager() {
        return trustManager;
    }
}
