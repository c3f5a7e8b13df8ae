package io.nifidataops.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations.FHIRDefinedType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The R4 type names and their base types, as skeleton StructureDefinitions, for HAPI's FHIRPath engine.
 *
 * <p>The engine only asks its worker context whether a type exists and what it derives from: {@code ofType()},
 * {@code is} and {@code as} call {@code isKnownType} and walk {@code fetchTypeDefinition(..).getBaseDefinition()}
 * (org.hl7.fhir.r4 {@code FHIRPathEngine.funcOfType}, {@code isKnownType}; hapifhir/org.hl7.fhir.core
 * org.hl7.fhir.r4/src/main/java/org/hl7/fhir/r4/fhirpath/FHIRPathEngine.java lines 1904-1930 and 5198-5240), and its
 * constructor lists the specialisations ({@code fetchResourcesByType(StructureDefinition.class)}, line 199). Serving
 * these from R4's own type enumeration spares the NAR the 20+ MB of full definitions in hapi-fhir-validation-resources-r4,
 * which views never need.</p>
 */
final class TypeHierarchy implements IValidationSupport {

    private static final String URL_PREFIX = "http://hl7.org/fhir/StructureDefinition/";
    private static final Set<String> RESOURCE_ROOTS = Set.of("Bundle", "Binary", "Parameters");
    private static final Map<String, String> PRIMITIVE_BASES = Map.ofEntries(
            Map.entry("code", "string"), Map.entry("id", "string"), Map.entry("markdown", "string"),
            Map.entry("url", "uri"), Map.entry("canonical", "uri"), Map.entry("oid", "uri"), Map.entry("uuid", "uri"),
            Map.entry("unsignedInt", "integer"), Map.entry("positiveInt", "integer"));
    // Complex types whose base is not Element (R4 datatypes page: the Quantity profiles and the BackboneElement family).
    private static final Map<String, String> COMPLEX_BASES = Map.ofEntries(
            Map.entry("Age", "Quantity"), Map.entry("Count", "Quantity"), Map.entry("Distance", "Quantity"),
            Map.entry("Duration", "Quantity"), Map.entry("MoneyQuantity", "Quantity"), Map.entry("SimpleQuantity", "Quantity"),
            Map.entry("Dosage", "BackboneElement"), Map.entry("ElementDefinition", "BackboneElement"),
            Map.entry("MarketingStatus", "BackboneElement"), Map.entry("Population", "BackboneElement"),
            Map.entry("ProdCharacteristic", "BackboneElement"), Map.entry("ProductShelfLife", "BackboneElement"),
            Map.entry("SubstanceAmount", "BackboneElement"), Map.entry("Timing", "BackboneElement"));

    private final FhirContext context;
    private final Map<String, StructureDefinition> byUrl;

    TypeHierarchy(final FhirContext context) {
        this.context = context;
        final Map<String, StructureDefinition> definitions = new LinkedHashMap<>();
        for (final FHIRDefinedType type : FHIRDefinedType.values()) {
            if (type == FHIRDefinedType.NULL) {
                continue;
            }
            final String name = type.toCode();
            final StructureDefinition definition = new StructureDefinition();
            definition.setUrl(URL_PREFIX + name);
            definition.setName(name);
            definition.setType(name);
            definition.setDerivation(TypeDerivationRule.SPECIALIZATION);
            definition.setKind(kind(name));
            final String base = base(name, definition.getKind());
            if (base != null) {
                definition.setBaseDefinition(URL_PREFIX + base);
            }
            definitions.put(definition.getUrl(), definition);
        }
        this.byUrl = Collections.unmodifiableMap(definitions);
    }

    private StructureDefinitionKind kind(final String name) {
        if (Character.isLowerCase(name.charAt(0))) {
            return StructureDefinitionKind.PRIMITIVETYPE;
        }
        return context.getResourceTypes().contains(name) || "Resource".equals(name) || "DomainResource".equals(name)
                ? StructureDefinitionKind.RESOURCE : StructureDefinitionKind.COMPLEXTYPE;
    }

    private static String base(final String name, final StructureDefinitionKind kind) {
        return switch (kind) {
            case PRIMITIVETYPE -> PRIMITIVE_BASES.getOrDefault(name, "Element");
            case RESOURCE -> "Resource".equals(name) ? null
                    : "DomainResource".equals(name) || RESOURCE_ROOTS.contains(name) ? "Resource" : "DomainResource";
            default -> "Element".equals(name) ? null : COMPLEX_BASES.getOrDefault(name, "Element");
        };
    }

    @Override
    public FhirContext getFhirContext() {
        return context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
        return (List<T>) new ArrayList<>(byUrl.values());
    }

    @Override
    public IBaseResource fetchStructureDefinition(final String url) {
        return byUrl.get(url);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> T fetchResource(final Class<T> type, final String url) {
        return type == null || type.isAssignableFrom(StructureDefinition.class) ? (T) byUrl.get(url) : null;
    }
}
