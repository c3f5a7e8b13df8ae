package io.nifidataops.processors;

import io.nifidataops.DataOpsAttributes;

import io.nifidataops.aws.AwsConnectionService;
import io.nifidataops.aws.AwsErrorClassifier;
import io.nifidataops.aws.AwsErrorClassifier.Classification;
import io.nifidataops.catalog.CatalogException;
import io.nifidataops.catalog.CatalogNames;
import io.nifidataops.catalog.GlueCatalog;
import io.nifidataops.catalog.GlueCatalog.Options;
import io.nifidataops.catalog.GlueCatalog.Registration;
import io.nifidataops.catalog.GlueCatalog.Target;
import io.nifidataops.catalog.LakeTableInput;
import io.nifidataops.catalog.PartitionProjection;
import io.nifidataops.catalog.PartitionRegistrationException;
import io.nifidataops.catalog.SchemaEvolutionPolicy;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.util.StandardValidators;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@SupportsBatching
@InputRequirement(Requirement.INPUT_REQUIRED)
@Tags({"aws", "glue", "data catalog", "athena", "hive", "parquet", "table", "partition", "lake"})
@CapabilityDescription("Registers what PutLakeParquet wrote in the AWS Glue Data Catalog, so Athena, Spark, Trino and Redshift"
        + " Spectrum can query it at once without a crawler: creates the database (when allowed) and the Parquet table, evolves"
        + " its columns under the schema evolution policy, and adds the partitions written (or Athena partition projection"
        + " parameters). Tables and partitions already registered are remembered, so steady writes into known partitions make"
        + " no Glue call. The FlowFile content is not read.")
@SeeAlso(classNames = "io.nifidataops.processors.PutLakeParquet")
@ReadsAttributes({
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_LOCATION, description = "Table root, s3://bucket/prefix/zone/source/dataset/"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_FORMAT, description = "Must be parquet"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_COMPRESSION, description = "Parquet codec, recorded as the table's compressionType"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_PARTITIONS, description = "JSON array of the partitions written, each a map of column to value"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_SCHEMA, description = "Avro schema (JSON) of the written data: the table's columns"),
        @ReadsAttribute(attribute = "lake.zone", description = "Used by the default Table name"),
        @ReadsAttribute(attribute = "lake.dataset", description = "Used by the default Table name")})
@WritesAttributes({
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_DATABASE, description = "Glue database of the table"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_TABLE, description = "Glue table name"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_TABLE_VERSION, description = "Table VersionId as last read by this processor"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_PARTITIONS_CREATED, description = "Partitions this FlowFile added"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_ERROR, description = "On failure: why, naming attributes, columns and types, no values"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_ERROR_CODE, description = "On failure: AWS error code or error kind")})
public class RegisterGlueTable extends AbstractProcessor implements VerifiableProcessor {

    static final AllowableValue ADD_NEW_COLUMNS = policy(SchemaEvolutionPolicy.ADD_NEW_COLUMNS, "Add New Columns",
            "New columns are appended; a column the data no longer has stays in the table; data narrower than the column"
                    + " (int into bigint) is accepted; any other type change fails");
    static final AllowableValue ALLOW_SAFE_WIDENING = policy(SchemaEvolutionPolicy.ALLOW_SAFE_WIDENING, "Allow Safe Widening",
            "As Add New Columns, and a column whose data became wider is widened (tinyint to smallint to int to bigint, float to double)");
    static final AllowableValue STRICT = policy(SchemaEvolutionPolicy.STRICT, "Strict",
            "The data must have exactly the table's columns and types; anything else fails");

    static final AllowableValue REGISTER_PARTITIONS = new AllowableValue("REGISTER_PARTITIONS", "Register Partitions",
            "Each new partition is added with BatchCreatePartition");
    static final AllowableValue PARTITION_PROJECTION = new AllowableValue("PARTITION_PROJECTION", "Partition Projection",
            "The table gets Athena partition projection parameters and no partitions are registered; only Athena reads them,"
                    + " Spark and Trino on Glue see no partitions");

    static final PropertyDescriptor AWS_CONNECTION_SERVICE = new PropertyDescriptor.Builder()
            .name("AWS Connection Service")
            .description("Region, endpoint and credentials of the Glue Data Catalog")
            .required(true)
            .identifiesControllerService(AwsConnectionService.class)
            .build();

    static final PropertyDescriptor DATABASE = new PropertyDescriptor.Builder()
            .name("Database")
            .description("Glue database; normalised like column names (lowercase letters, digits, underscores)")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    static final PropertyDescriptor TABLE = new PropertyDescriptor.Builder()
            .name("Table")
            .description("Glue table; normalised like column names (lowercase letters, digits, underscores)")
            .required(true)
            .defaultValue("${lake.zone}_${lake.dataset}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    static final PropertyDescriptor CREATE_DATABASE = new PropertyDescriptor.Builder()
            .name("Create Database")
            .description("Create the database when it does not exist; otherwise such FlowFiles fail")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    static final PropertyDescriptor SCHEMA_EVOLUTION = new PropertyDescriptor.Builder()
            .name("Schema Evolution")
            .description("What the data may change about an existing table's columns")
            .required(true)
            .allowableValues(ADD_NEW_COLUMNS, ALLOW_SAFE_WIDENING, STRICT)
            .defaultValue(ADD_NEW_COLUMNS)
            .build();

    static final PropertyDescriptor PARTITION_REGISTRATION = new PropertyDescriptor.Builder()
            .name("Partition Registration")
            .description("How queries find the partitions")
            .required(true)
            .allowableValues(REGISTER_PARTITIONS, PARTITION_PROJECTION)
            .defaultValue(REGISTER_PARTITIONS)
            .build();

    static final PropertyDescriptor PROJECTION_DATE_RANGE = new PropertyDescriptor.Builder()
            .name("Projection Date Range")
            .description("Athena range of date partition columns, absolute (2020-01-01,NOW) or relative (NOW-10YEARS,NOW)")
            .required(true)
            .defaultValue("NOW-10YEARS,NOW")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(PARTITION_REGISTRATION, PARTITION_PROJECTION)
            .build();

    static final PropertyDescriptor TABLE_VERSIONING = new PropertyDescriptor.Builder()
            .name("Table Versioning")
            .description("Keep the previous table version in Glue on each schema change (false sets SkipArchive)")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    static final PropertyDescriptor PARTITION_CACHE_SIZE = new PropertyDescriptor.Builder()
            .name("Partition Cache Size")
            .description("Partitions remembered as registered, least recently used forgotten first; each costs a few hundred bytes")
            .required(true)
            .defaultValue("10000")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The table and partitions hold what the FlowFile describes")
            .build();

    static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("Lake attributes missing or malformed, a schema Hive cannot express or the policy forbids, or Glue refused"
                    + " the request (e.g. access denied); glue.error says why")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(AWS_CONNECTION_SERVICE, DATABASE, TABLE, CREATE_DATABASE,
            SCHEMA_EVOLUTION, PARTITION_REGISTRATION, PROJECTION_DATE_RANGE, TABLE_VERSIONING, PARTITION_CACHE_SIZE);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE);
    private static final int TABLE_CACHE_SIZE = 1_000;
    private static final int MAX_BATCH = 100;
    static final String STEP_GET_DATABASE = "Get Database";

    private volatile GlueCatalog catalog;
    private volatile Options options;
    private volatile String region;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final AwsConnectionService connection = context.getProperty(AWS_CONNECTION_SERVICE).asControllerService(AwsConnectionService.class);
        options = options(context);
        region = connection.getRegion();
        catalog = new GlueCatalog(connection.getGlueClient(), TABLE_CACHE_SIZE, context.getProperty(PARTITION_CACHE_SIZE).asInteger());
    }

    @OnStopped
    public void onStopped() {
        catalog = null; // the caches go with it; the client belongs to the connection service
    }

    /** One FlowFile of a batch and what it asks for. */
    private static final class Write {
        private FlowFile flowFile;
        private final LakeTableInput input;
        private Registration table;

        Write(final FlowFile flowFile, final LakeTableInput input) {
            this.flowFile = flowFile;
            this.input = input;
        }
    }

    // Takes up to MAX_BATCH FlowFiles so that the new partitions of many small writes into one table go to Glue together:
    // one BatchCreatePartition per 100 new partitions however the data was split into FlowFiles.
    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final List<FlowFile> flowFiles = session.get(MAX_BATCH);
        if (flowFiles.isEmpty()) {
            return;
        }
        final Map<Target, List<Write>> byTable = new LinkedHashMap<>();
        for (final FlowFile flowFile : flowFiles) {
            try {
                final LakeTableInput input = LakeTableInput.from(flowFile.getAttributes());
                byTable.computeIfAbsent(target(context, flowFile.getAttributes()), key -> new ArrayList<>()).add(new Write(flowFile, input));
            } catch (CatalogException e) {
                fail(session, flowFile, "Invalid", e.getMessage(), e);
            }
        }
        for (final Map.Entry<Target, List<Write>> table : byTable.entrySet()) {
            try {
                register(session, table.getKey(), table.getValue());
            } catch (PartitionRegistrationException e) {
                if (e.retryable()) {
                    retry(context, session, e);
                    return;
                }
                failAll(session, table.getValue(), "PartitionRefused", e.getMessage(), e);
            } catch (RuntimeException e) {
                final Classification classification = AwsErrorClassifier.classify(e);
                if (classification.retry()) {
                    retry(context, session, e);
                    return;
                }
                failAll(session, table.getValue(), classification.code(), classification.description(), e);
            }
        }
    }

    private void register(final ProcessSession session, final Target target, final List<Write> writes) {
        final List<Write> fitting = new ArrayList<>();
        for (final Write write : writes) {
            try {
                write.table = catalog.ensureTable(target, write.input, options);
                fitting.add(write);
            } catch (CatalogException e) {
                fail(session, write.flowFile, "Invalid", e.getMessage(), e);
                write.flowFile = null;
            }
        }
        final Set<List<String>> created = new HashSet<>(catalog.addPartitions(target, fitting.stream().map(write -> write.input).toList(), options));
        for (final Write write : fitting) {
            // A partition new to Glue is credited to the first FlowFile of the batch that brought it.
            final int partitions = (int) write.input.partitions().stream().filter(created::remove).count();
            final Registration outcome = write.table.withPartitions(partitions);
            FlowFile flowFile = session.putAllAttributes(write.flowFile, Map.of(
                    DataOpsAttributes.GLUE_DATABASE, target.database(),
                    DataOpsAttributes.GLUE_TABLE, target.table(),
                    DataOpsAttributes.GLUE_TABLE_VERSION, outcome.tableVersion() == null ? "" : outcome.tableVersion(),
                    DataOpsAttributes.GLUE_PARTITIONS_CREATED, String.valueOf(partitions)));
            flowFile = session.removeAllAttributes(flowFile, Set.of(DataOpsAttributes.GLUE_ERROR, DataOpsAttributes.GLUE_ERROR_CODE));
            session.getProvenanceReporter().invokeRemoteProcess(flowFile, "glue://" + region + "/" + target.database() + "/" + target.table(),
                    outcome.changes());
            session.transfer(flowFile, REL_SUCCESS);
            write.flowFile = null;
        }
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        final String database;
        try {
            database = CatalogNames.normalize("Database", context.getProperty(DATABASE).evaluateAttributeExpressions(attributes).getValue());
        } catch (RuntimeException e) {
            return List.of(result(Outcome.FAILED, "Database name: " + SafeErrorMessages.describe(e)));
        }
        try {
            final AwsConnectionService connection = context.getProperty(AWS_CONNECTION_SERVICE).asControllerService(AwsConnectionService.class);
            new GlueCatalog(connection.getGlueClient(), 1, 1).checkDatabase(database);
            return List.of(result(Outcome.SUCCESSFUL, "Database " + database + " exists"));
        } catch (EntityNotFoundException e) {
            final boolean create = context.getProperty(CREATE_DATABASE).asBoolean();
            return List.of(result(create ? Outcome.SUCCESSFUL : Outcome.FAILED, "Database " + database + " does not exist"
                    + (create ? "; it will be created" : " and Create Database is false")));
        } catch (RuntimeException e) {
            verificationLogger.error("Failed to get Glue database {}: {}", database, AwsErrorClassifier.classify(e).description());
            return List.of(result(Outcome.FAILED, "Failed to get database " + database + ": " + AwsErrorClassifier.classify(e).description()));
        }
    }

    private static ConfigVerificationResult result(final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(STEP_GET_DATABASE).outcome(outcome).explanation(explanation).build();
    }

    private static Options options(final ProcessContext context) {
        final boolean projection = PARTITION_PROJECTION.getValue().equals(context.getProperty(PARTITION_REGISTRATION).getValue());
        return new Options(
                context.getProperty(CREATE_DATABASE).asBoolean(),
                SchemaEvolutionPolicy.valueOf(context.getProperty(SCHEMA_EVOLUTION).getValue()),
                !context.getProperty(TABLE_VERSIONING).asBoolean(),
                projection ? new PartitionProjection(context.getProperty(PROJECTION_DATE_RANGE).getValue()) : null);
    }

    private static AllowableValue policy(final SchemaEvolutionPolicy policy, final String displayName, final String description) {
        return new AllowableValue(policy.name(), displayName, description);
    }

    private static Target target(final ProcessContext context, final Map<String, String> attributes) {
        return new Target(
                CatalogNames.normalize("Database", context.getProperty(DATABASE).evaluateAttributeExpressions(attributes).getValue()),
                CatalogNames.normalize("Table", context.getProperty(TABLE).evaluateAttributeExpressions(attributes).getValue()));
    }

    // Registration is idempotent, so the whole batch goes back to the queue, including FlowFiles already routed.
    private void retry(final ProcessContext context, final ProcessSession session, final Exception e) {
        getLogger().warn("Glue is unavailable; the FlowFiles stay queued and are retried: {}", AwsErrorClassifier.classify(e).description());
        getLogger().debug("Glue is unavailable", e);
        session.rollback(true);
        context.yield();
    }

    private void failAll(final ProcessSession session, final List<Write> writes, final String code, final String reason, final Exception e) {
        for (final Write write : writes) {
            if (write.flowFile != null) {
                fail(session, write.flowFile, code, reason, e);
            }
        }
    }

    private void fail(final ProcessSession session, final FlowFile flowFile, final String code, final String reason, final Exception e) {
        getLogger().error("Failed to register {} in Glue: {}", flowFile, reason);
        getLogger().debug("Failed to register {} in Glue", flowFile, e);
        FlowFile failed = session.putAllAttributes(flowFile, Map.of(DataOpsAttributes.GLUE_ERROR, reason, DataOpsAttributes.GLUE_ERROR_CODE, code));
        failed = session.penalize(failed);
        session.transfer(failed, REL_FAILURE);
    }
}
