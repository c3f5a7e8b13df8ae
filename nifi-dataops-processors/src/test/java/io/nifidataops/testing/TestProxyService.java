package io.nifidataops.testing;

import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxyConfigurationService;

import java.net.Proxy;

/**
 * A ProxyConfigurationService with a fixed configuration: NiFi's StandardProxyConfigurationService is not on the Maven
 * mirror this project builds from, and what the tests check is what our components do with the configuration.
 */
public final class TestProxyService extends AbstractControllerService implements ProxyConfigurationService {

    private final ProxyConfiguration configuration = new ProxyConfiguration();

    public TestProxyService(final Proxy.Type type, final String host, final int port, final String user, final String password) {
        configuration.setProxyType(type);
        configuration.setProxyServerHost(host);
        configuration.setProxyServerPort(port);
        configuration.setProxyUserName(user);
        configuration.setProxyUserPassword(password);
    }

    @Override
    public ProxyConfiguration getConfiguration() {
        return configuration;
    }
}
