package io.nifidataops.processors;

import io.nifidataops.DataOpsAttributes;

import io.nifidataops.lake.ZoneDecision;
import io.nifidataops.lake.ZoneLocation;
import io.nifidataops.lake.ZoneRules;
import org.apache.nifi.annotation.behavior.DynamicProperties;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.DynamicRelationship;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.SideEffectFree;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.expression.AttributeExpression.ResultType;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@SideEffectFree
@SupportsBatching
@InputRequirement(Requirement.INPUT_REQUIRED)
@Tags({"lake", "zone", "route", "s3", "quarantine", "curated", "data lake", "healthcare"})
@CapabilityDescription("Routes each FlowFile to the data-lake zone it belongs to (raw, quarantine, structured, curated or a"
        + " user-defined zone) from its validation outcome and Expression Language rules, and records the zone's bucket"
        + " and prefix in attributes for the writer. The content is not read or changed.")
@SeeAlso(classNames = {"io.nifidataops.processors.ValidateRecordExpectations", "io.nifidataops.processors.PutLakeParquet",
        "io.nifidataops.processors.RegisterGlueTable"})
@UseCase(description = "Send validated records to the structured zone and invalid ones to quarantine, keeping unvalidated content in the raw zone",
        keywords = {"validation", "quarantine", "data lake zones"},
        configuration = """
                Place this processor after ValidateRecordExpectations, which sets validation.outcome to valid or invalid.
                Set "Default Bucket" to the lake's bucket (for example #{lake.bucket}) and "Default Prefix" to the key prefix above the zones.
                Connect the "structured", "quarantine" and "raw" relationships to PutLakeParquet (its Zone property defaults to ${lake.zone}).
                Connect or auto-terminate "unmatched".
                """)
@UseCase(description = "Route part of the data to a zone of your own, such as curated data for scored records or a research zone with its own bucket",
        keywords = {"curated", "custom zone", "expression language"},
        configuration = """
                For the built-in curated zone, set "Curated Rule" to a boolean Expression Language rule, for example ${model.name:isEmpty():not()}.
                For a zone of your own, add a dynamic property named after the zone whose value is a boolean rule, for example
                research = ${lake.dataset:equals('vitals')}; a relationship of that name appears.
                Optionally add a dynamic property research.location = bucket/prefix to keep that zone in its own bucket.
                With several user zones, list them in "Zone Rule Order" in the order their rules are checked.
                """)
@ReadsAttributes({
        @ReadsAttribute(attribute = DataOpsAttributes.VALIDATION_SUCCESS, description = "true or false, as set by ValidateRecordExpectations"),
        @ReadsAttribute(attribute = DataOpsAttributes.VALIDATION_UNEXPECTED_COUNT, description = "Number of unexpected values; above 0 means quarantine")
})
@WritesAttributes({
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_ZONE, description = "The zone; removed when no zone matched"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_BUCKET, description = "The zone's S3 bucket; removed when no zone matched"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_PREFIX, description = "Key prefix above the zone's directory, without slashes at either end,"
                + " possibly empty; removed when no zone matched")
})
@DynamicProperties({
        @DynamicProperty(name = "Zone name", value = "Boolean Expression Language rule",
                description = "Defines a zone and its relationship: FlowFiles for which the rule is true go to this zone."
                        + " User zones are checked before the built-in decision.",
                expressionLanguageScope = ExpressionLanguageScope.FLOWFILE_ATTRIBUTES),
        @DynamicProperty(name = "<zone name>.location", value = "bucket or bucket/prefix",
                description = "Where the user zone of that name lives. Without it the zone uses the Default Bucket and"
                        + " Default Prefix; a bare bucket takes the Default Prefix.",
                expressionLanguageScope = ExpressionLanguageScope.ENVIRONMENT)
})
@DynamicRelationship(name = "Name from a zone's dynamic property", description = "FlowFiles routed to that user-defined zone")
public class RouteToLakeZone extends AbstractProcessor {

    static final String LOCATION_SUFFIX = ".location";

    static final PropertyDescriptor DEFAULT_BUCKET = new PropertyDescriptor.Builder()
            .name("Default Bucket")
            .description("S3 bucket of every zone that does not name its own.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    static final PropertyDescriptor DEFAULT_PREFIX = new PropertyDescriptor.Builder()
            .name("Default Prefix")
            .description("Key prefix above the zone directories, for every zone that does not name its own. Objects go under"
                    + " <prefix>/<zone>/<source>/<dataset>/. Empty puts the zones at the root of the bucket.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    static final PropertyDescriptor CURATED_RULE = new PropertyDescriptor.Builder()
            .name("Curated Rule")
            .description("Boolean Expression Language rule that marks data as curated, e.g. ${model.name:isEmpty():not()}"
                    + " for scored data. Checked for data that is not quarantined. Without it nothing is curated.")
            .required(false)
            .addValidator(StandardValidators.createAttributeExpressionLanguageValidator(ResultType.BOOLEAN, false))
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    static final PropertyDescriptor ZONE_RULE_ORDER = new PropertyDescriptor.Builder()
            .name("Zone Rule Order")
            .description("Comma-separated names of user-defined zones, in the order their rules are checked. Zones not"
                    + " listed are checked after these, alphabetically.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor RAW_BUCKET = bucket(ZoneRules.RAW);
    static final PropertyDescriptor RAW_PREFIX = prefix(ZoneRules.RAW);
    static final PropertyDescriptor QUARANTINE_BUCKET = bucket(ZoneRules.QUARANTINE);
    static final PropertyDescriptor QUARANTINE_PREFIX = prefix(ZoneRules.QUARANTINE);
    static final PropertyDescriptor STRUCTURED_BUCKET = bucket(ZoneRules.STRUCTURED);
    static final PropertyDescriptor STRUCTURED_PREFIX = prefix(ZoneRules.STRUCTURED);
    static final PropertyDescriptor CURATED_BUCKET = bucket(ZoneRules.CURATED);
    static final PropertyDescriptor CURATED_PREFIX = prefix(ZoneRules.CURATED);

    static final Relationship REL_RAW = zoneRelationship(ZoneRules.RAW, "FlowFiles that carry no validation outcome");
    static final Relationship REL_QUARANTINE = zoneRelationship(ZoneRules.QUARANTINE, "FlowFiles that failed validation");
    static final Relationship REL_STRUCTURED = zoneRelationship(ZoneRules.STRUCTURED, "FlowFiles that passed validation");
    static final Relationship REL_CURATED = zoneRelationship(ZoneRules.CURATED, "FlowFiles for which the Curated Rule is true");
    static final Relationship REL_UNMATCHED = new Relationship.Builder()
            .name(ZoneRules.UNMATCHED)
            .description("FlowFiles no zone fits, e.g. with a validation.outcome that is neither valid nor invalid")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            DEFAULT_BUCKET, DEFAULT_PREFIX, CURATED_RULE, ZONE_RULE_ORDER, RAW_BUCKET, RAW_PREFIX, QUARANTINE_BUCKET, QUARANTINE_PREFIX,
            STRUCTURED_BUCKET, STRUCTURED_PREFIX, CURATED_BUCKET, CURATED_PREFIX);

    private static final Set<Relationship> BUILT_IN_RELATIONSHIPS = Set.of(REL_RAW, REL_QUARANTINE, REL_STRUCTURED, REL_CURATED, REL_UNMATCHED);

    private static final Map<String, PropertyDescriptor[]> BUILT_IN_LOCATIONS = Map.of(
            ZoneRules.RAW, new PropertyDescriptor[] {RAW_BUCKET, RAW_PREFIX},
            ZoneRules.QUARANTINE, new PropertyDescriptor[] {QUARANTINE_BUCKET, QUARANTINE_PREFIX},
            ZoneRules.STRUCTURED, new PropertyDescriptor[] {STRUCTURED_BUCKET, STRUCTURED_PREFIX},
            ZoneRules.CURATED, new PropertyDescriptor[] {CURATED_BUCKET, CURATED_PREFIX});

    private volatile Set<Relationship> relationships = BUILT_IN_RELATIONSHIPS;
    private volatile ZoneRules rules;
    private volatile Map<String, PropertyDescriptor> ruleProperties;
    private volatile Map<String, Relationship> zoneRelationships;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return relationships;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        if (propertyDescriptorName.endsWith(LOCATION_SUFFIX)) {
            return new PropertyDescriptor.Builder()
                    .name(propertyDescriptorName)
                    .description("Bucket, or bucket/prefix, of the zone " + zoneOfLocation(propertyDescriptorName))
                    .dynamic(true)
                    .required(false)
                    .addValidator(LOCATION_VALIDATOR)
                    .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
                    .build();
        }
        return new PropertyDescriptor.Builder()
                .name(propertyDescriptorName)
                .description("Rule of the zone " + propertyDescriptorName)
                .dynamic(true)
                .required(false)
                .addValidator(ZONE_NAME_VALIDATOR)
                .addValidator(StandardValidators.createAttributeExpressionLanguageValidator(ResultType.BOOLEAN, false))
                .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
                .build();
    }

    // One relationship per user zone, kept in step with the dynamic properties as RouteOnAttribute does.
    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (!descriptor.isDynamic() || descriptor.getName().endsWith(LOCATION_SUFFIX)) {
            return;
        }
        final Set<Relationship> updated = new LinkedHashSet<>(relationships);
        final Relationship zone = zoneRelationship(descriptor.getName(), "FlowFiles routed to the zone " + descriptor.getName());
        if (newValue == null) {
            updated.remove(zone);
        } else {
            updated.add(zone);
        }
        relationships = Set.copyOf(updated);
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final Set<String> zones = userZones(context.getProperties().keySet());
        for (final PropertyDescriptor descriptor : context.getProperties().keySet()) {
            final String name = descriptor.getName();
            if (descriptor.isDynamic() && name.endsWith(LOCATION_SUFFIX) && !zones.contains(zoneOfLocation(name))) {
                results.add(invalid(name, "there is no zone named " + zoneOfLocation(name)));
            }
        }
        for (final String zone : explicitOrder(context)) {
            if (!zones.contains(zone)) {
                results.add(invalid(ZONE_RULE_ORDER.getName(), "there is no user-defined zone named " + zone));
            }
        }
        if (results.isEmpty()) {
            try {
                zoneRules(context, context.getProperties().keySet());
            } catch (IllegalArgumentException e) {
                results.add(invalid("Zone locations", e.getMessage()));
            }
        }
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final Map<String, PropertyDescriptor> rulesByZone = new HashMap<>();
        final Map<String, Relationship> relationshipsByZone = new HashMap<>();
        for (final Relationship relationship : relationships) {
            relationshipsByZone.put(relationship.getName(), relationship);
        }
        for (final PropertyDescriptor descriptor : context.getProperties().keySet()) {
            if (isZoneRule(descriptor)) {
                rulesByZone.put(descriptor.getName(), descriptor);
            }
        }
        rulesByZone.put(ZoneRules.CURATED, CURATED_RULE);
        ruleProperties = Map.copyOf(rulesByZone);
        zoneRelationships = Map.copyOf(relationshipsByZone);
        rules = zoneRules(context, context.getProperties().keySet());
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile original = session.get();
        if (original == null) {
            return;
        }
        final ZoneDecision decision = rules.decide(original.getAttributes(),
                zone -> Boolean.TRUE.equals(context.getProperty(ruleProperties.get(zone)).evaluateAttributeExpressions(original).asBoolean()));
        final FlowFile flowFile = decision.matched()
                ? session.putAllAttributes(original, decision.attributes())
                // A zone set by an earlier routing must not survive into a FlowFile that now has none.
                : session.removeAllAttributes(original, Set.of(DataOpsAttributes.LAKE_ZONE, DataOpsAttributes.LAKE_BUCKET, DataOpsAttributes.LAKE_PREFIX));
        final Relationship relationship = zoneRelationships.get(decision.zone());
        session.getProvenanceReporter().route(flowFile, relationship, "Zone " + decision.zone() + " by " + decision.reason());
        session.transfer(flowFile, relationship);
    }

    private static ZoneRules zoneRules(final PropertyContext context, final Set<PropertyDescriptor> configured) {
        final Map<String, PropertyDescriptor> byName = configured.stream()
                .collect(Collectors.toMap(PropertyDescriptor::getName, descriptor -> descriptor));
        final String defaultBucket = value(context, DEFAULT_BUCKET);
        final String defaultPrefix = value(context, DEFAULT_PREFIX);
        final Map<String, ZoneLocation> locations = new HashMap<>();
        BUILT_IN_LOCATIONS.forEach((zone, properties) -> {
            final String bucket = value(context, properties[0]);
            final String prefix = value(context, properties[1]);
            locations.put(zone, new ZoneLocation(bucket == null ? defaultBucket : bucket, prefix == null ? defaultPrefix : prefix));
        });
        final Set<String> zones = userZones(configured);
        for (final String zone : zones) {
            final PropertyDescriptor location = byName.get(zone + LOCATION_SUFFIX);
            locations.put(zone, location == null
                    ? new ZoneLocation(defaultBucket, defaultPrefix)
                    : ZoneLocation.parse(value(context, location), defaultPrefix));
        }
        return new ZoneRules(ZoneRules.ruleOrder(zones, explicitOrder(context)), locations, context.getProperty(CURATED_RULE).isSet());
    }

    private static Set<String> userZones(final Collection<PropertyDescriptor> descriptors) {
        return descriptors.stream().filter(RouteToLakeZone::isZoneRule).map(PropertyDescriptor::getName).collect(Collectors.toSet());
    }

    private static boolean isZoneRule(final PropertyDescriptor descriptor) {
        return descriptor.isDynamic() && !descriptor.getName().endsWith(LOCATION_SUFFIX);
    }

    private static List<String> explicitOrder(final PropertyContext context) {
        final String order = context.getProperty(ZONE_RULE_ORDER).getValue();
        return order == null ? List.of() : Arrays.stream(order.split(",")).map(String::strip).filter(zone -> !zone.isEmpty()).toList();
    }

    private static String value(final PropertyContext context, final PropertyDescriptor descriptor) {
        return context.getProperty(descriptor).evaluateAttributeExpressions().getValue();
    }

    private static String zoneOfLocation(final String propertyName) {
        return propertyName.substring(0, propertyName.length() - LOCATION_SUFFIX.length());
    }

    private static ValidationResult invalid(final String subject, final String explanation) {
        return new ValidationResult.Builder().subject(subject).valid(false).explanation(explanation).build();
    }

    private static final Validator ZONE_NAME_VALIDATOR = (subject, input, context) -> {
        final String problem = ZoneRules.invalidZoneName(subject);
        return new ValidationResult.Builder().subject(subject).input(input).valid(problem == null)
                .explanation(problem == null ? "valid zone name" : problem).build();
    };

    // A location with Expression Language is checked once evaluated, in customValidate.
    private static final Validator LOCATION_VALIDATOR = (subject, input, context) -> {
        final String zone = zoneOfLocation(subject);
        String problem = ZoneRules.invalidZoneName(zone);
        if (problem == null && !context.isExpressionLanguagePresent(input)) {
            try {
                ZoneLocation.parse(input, null);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        return new ValidationResult.Builder().subject(subject).input(input).valid(problem == null)
                .explanation(problem == null ? "valid location" : problem).build();
    };

    private static PropertyDescriptor bucket(final String zone) {
        return new PropertyDescriptor.Builder()
                .name(capitalize(zone) + " Bucket")
                .description("S3 bucket of the " + zone + " zone; the Default Bucket when empty.")
                .required(false)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
                .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
                .build();
    }

    private static PropertyDescriptor prefix(final String zone) {
        return new PropertyDescriptor.Builder()
                .name(capitalize(zone) + " Prefix")
                .description("Key prefix above the " + zone + " directory; the Default Prefix when empty.")
                .required(false)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
                .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
                .build();
    }

    private static Relationship zoneRelationship(final String zone, final String description) {
        return new Relationship.Builder().name(zone).description(description).build();
    }

    private static String capitalize(final String zone) {
        return Character.toUpperCase(zone.charAt(0)) + zone.substring(1);
    }
}
