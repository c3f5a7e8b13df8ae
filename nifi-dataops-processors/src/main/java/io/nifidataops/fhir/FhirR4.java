package io.nifidataops.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;

/**
 * HAPI's R4 context and FHIRPath engines. The context is costly (model introspection) and thread-safe: one per JVM
 * ({@code FhirContext.forR4Cached()}). An engine keeps per-evaluation state (trace log, type warnings), so each
 * reader gets its own; building one only lists the type skeletons of {@link TypeHierarchy}.
 */
final class FhirR4 {

    private static final TypeHierarchy TYPES = new TypeHierarchy(FhirContext.forR4Cached());

    private FhirR4() {
    }

    static FhirContext context() {
        return TYPES.getFhirContext();
    }

    static FHIRPathEngine engine(final SqlOnFhirFunctions functions) {
        final FHIRPathEngine engine = new FHIRPathEngine(new HapiWorkerContext(context(), TYPES));
        engine.setHostServices(functions);
        return engine;
    }
}
