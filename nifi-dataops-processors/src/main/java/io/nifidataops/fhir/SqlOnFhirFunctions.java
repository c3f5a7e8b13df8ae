package io.nifidataops.fhir;

import org.hl7.fhir.exceptions.PathEngineException;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.fhirpath.FHIRPathUtilityClasses.FunctionDetails;
import org.hl7.fhir.r4.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r4.fhirpath.TypeDetails;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.fhirpath.FHIRPathConstantEvaluationMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What SQL on FHIR adds to FHIRPath, plugged into HAPI's engine as its host application services: the view's
 * constants ({@code %name}), {@code %rowIndex}, {@code getResourceKey()} and {@code getReferenceKey([type])}.
 *
 * <p>HAPI's engine asks the host for any {@code %name} it does not know itself ({@code resolveConstant}, EXPLICIT
 * mode), for functions it does not know at parse time ({@code resolveFunction}) and runs them through
 * {@code executeFunction}; a function whose first parameter is a type gets it as the code {@code FHIR.<Type>} when
 * {@code paramIsType} says so (FHIRPathEngine.java lines 1157-1168, 1754-1785, 4020-4040 in hapifhir/org.hl7.fhir.core,
 * org.hl7.fhir.r4). The evaluation's {@code appContext} is the row index of the iteration being evaluated.</p>
 *
 * <p>Keys: a resource's key is its logical id; a reference's key is the id of its relative literal reference
 * ({@code Patient/123}, also with {@code _history} or as an absolute URL ending in type and id) or of a
 * {@code urn:uuid:} reference (Bundle-internal, as integration engines send them, whose resources carry that uuid as
 * id). Contained ({@code #}) and logical (identifier-only) references have no key: empty, as the specification
 * requires for references an implementation cannot resolve.</p>
 */
final class SqlOnFhirFunctions implements IHostApplicationServices {

    static final String ROW_INDEX = "rowIndex";
    static final String RESOURCE_KEY = "getResourceKey";
    static final String REFERENCE_KEY = "getReferenceKey";
    private static final String UUID_PREFIX = "urn:uuid:";
    private static final String HISTORY = "/_history/";

    private final Map<String, Base> constants;

    SqlOnFhirFunctions(final Map<String, Base> constants) {
        this.constants = constants;
    }

    /** The row index a FHIRPath evaluation sees as {@code %rowIndex}. */
    record Scope(int rowIndex) {
        static final Scope TOP = new Scope(0);
    }

    boolean knowsConstant(final String name) {
        return ROW_INDEX.equals(name) || constants.containsKey(name);
    }

    @Override
    public List<Base> resolveConstant(final FHIRPathEngine engine, final Object appContext, final String name,
                                      final FHIRPathConstantEvaluationMode mode) throws PathEngineException {
        if (mode != FHIRPathConstantEvaluationMode.EXPLICIT) {
            return new ArrayList<>();
        }
        if (ROW_INDEX.equals(name)) {
            final int index = appContext instanceof Scope scope ? scope.rowIndex() : 0;
            return new ArrayList<>(List.of(new IntegerType(index)));
        }
        final Base constant = constants.get(name);
        if (constant == null) {
            throw new PathEngineException("unknown constant %" + name);
        }
        return new ArrayList<>(List.of(constant.copy()));
    }

    @Override
    public TypeDetails resolveConstantType(final FHIRPathEngine engine, final Object appContext, final String name,
                                           final FHIRPathConstantEvaluationMode mode) {
        return null;
    }

    @Override
    public boolean log(final String argument, final List<Base> focus) {
        // trace() output would carry values: swallowed.
        return true;
    }

    @Override
    public FunctionDetails resolveFunction(final FHIRPathEngine engine, final String functionName) {
        return switch (functionName) {
            case RESOURCE_KEY -> new FunctionDetails("the key of the resource", 0, 0);
            case REFERENCE_KEY -> new FunctionDetails("the key of the referenced resource", 0, 1);
            default -> null;
        };
    }

    @Override
    public TypeDetails checkFunction(final FHIRPathEngine engine, final Object appContext, final String functionName,
                                     final TypeDetails focus, final List<TypeDetails> parameters) {
        return null;
    }

    @Override
    public List<Base> executeFunction(final FHIRPathEngine engine, final Object appContext, final List<Base> focus,
                                      final String functionName, final List<List<Base>> parameters) {
        final List<Base> keys = new ArrayList<>();
        if (RESOURCE_KEY.equals(functionName)) {
            for (final Base item : focus) {
                if (item instanceof Resource resource && resource.getIdElement().hasIdPart()) {
                    keys.add(new StringType(resource.getIdElement().getIdPart()));
                }
            }
        } else if (REFERENCE_KEY.equals(functionName)) {
            final String expectedType = parameters.isEmpty() || parameters.get(0).isEmpty() ? null
                    : typeName(parameters.get(0).get(0).primitiveValue());
            for (final Base item : focus) {
                if (item instanceof Reference reference) {
                    final String key = referenceKey(reference, expectedType);
                    if (key != null) {
                        keys.add(new StringType(key));
                    }
                }
            }
        }
        return keys;
    }

    private static String typeName(final String parameter) {
        return parameter != null && parameter.startsWith("FHIR.") ? parameter.substring("FHIR.".length()) : parameter;
    }

    /** The key of the referenced resource, or null when it has none or points at another type than expected. */
    static String referenceKey(final Reference reference, final String expectedType) {
        final String literal = reference.getReference();
        if (literal == null || literal.isEmpty() || literal.startsWith("#")) {
            return null;
        }
        if (literal.startsWith(UUID_PREFIX)) {
            final String declared = reference.getType();
            if (expectedType != null && declared != null && !declared.isEmpty() && !declared.endsWith(expectedType)) {
                return null;
            }
            final String uuid = literal.substring(UUID_PREFIX.length());
            return uuid.isEmpty() ? null : uuid;
        }
        String path = literal;
        final int history = path.indexOf(HISTORY);
        if (history >= 0) {
            path = path.substring(0, history);
        }
        final String[] segments = path.split("/");
        if (segments.length < 2) {
            return null;
        }
        final String type = segments[segments.length - 2];
        final String id = segments[segments.length - 1];
        if (id.isEmpty() || type.isEmpty() || !Character.isUpperCase(type.charAt(0))) {
            return null;
        }
        return expectedType == null || expectedType.equals(type) ? id : null;
    }

    @Override
    public Base resolveReference(final FHIRPathEngine engine, final Object appContext, final String url,
                                 final Identifier identifier, final Base refContext) {
        return null;
    }

    @Override
    public boolean conformsToProfile(final FHIRPathEngine engine, final Object appContext, final Base item, final String url) {
        return false;
    }

    @Override
    public ValueSet resolveValueSet(final FHIRPathEngine engine, final Object appContext, final String url) {
        return null;
    }

    @Override
    public boolean paramIsType(final String functionName, final int index) {
        return REFERENCE_KEY.equals(functionName) && index == 0;
    }
}
