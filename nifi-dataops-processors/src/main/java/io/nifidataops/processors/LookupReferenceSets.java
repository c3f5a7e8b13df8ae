package io.nifidataops.processors;

import io.nifidataops.validation.ReferenceLookupException;
import io.nifidataops.validation.ReferenceSets;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.lookup.StringLookupService;

import java.util.Map;
import java.util.Set;

/**
 * Reference sets backed by NiFi lookup services, one per dynamic property of ValidateRecordExpectations: a value is in
 * the set when the service finds an entry for it. The value is passed under the service's one required key (for
 * SimpleCsvFileLookupService and the key-value services, "key"), or "key" when the service names none or several.
 */
final class LookupReferenceSets implements ReferenceSets {

    static final String DEFAULT_KEY = "key";

    private final Map<String, StringLookupService> services;

    LookupReferenceSets(final Map<String, StringLookupService> services) {
        this.services = Map.copyOf(services);
    }

    @Override
    public ReferenceSet find(final String name) {
        final StringLookupService service = services.get(name);
        if (service == null) {
            return null;
        }
        final Set<String> required = service.getRequiredKeys();
        final String key = required != null && required.size() == 1 ? required.iterator().next() : DEFAULT_KEY;
        return value -> {
            try {
                return service.lookup(Map.of(key, value)).isPresent();
            } catch (final LookupFailureException | RuntimeException e) {
                // The service's message may quote the key it was given, i.e. the record value: only its class is kept
                throw new ReferenceLookupException("Reference set '" + name + "' could not be consulted ("
                        + e.getClass().getSimpleName() + ")");
            }
        };
    }

    @Override
    public Set<String> names() {
        return services.keySet();
    }
}
