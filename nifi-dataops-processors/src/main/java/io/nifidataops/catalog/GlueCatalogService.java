package io.nifidataops.catalog;

import io.nifidataops.aws.AwsConnectionService;
import io.nifidataops.aws.AwsErrorClassifier;
import io.nifidataops.catalog.GlueCatalog.Options;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

@Tags({"aws", "glue", "data catalog", "athena", "hive", "table", "partition", "lake", "schema evolution"})
@CapabilityDescription("The AWS Glue Data Catalog as the lake's table catalog, shared by PutLakeParquet and RegisterGlueTable: names the"
        + " table of each FlowFile, creates the database and table, evolves the table's columns under the schema evolution policy"
        + " before PutLakeParquet lets any object land, and registers partitions for RegisterGlueTable. A table or partition registered"
        + " at another location than the data's path is refused. What it has seen is remembered for the Cache Expiration, so steady"
        + " writes into known partitions make no Glue call, and a table dropped outside NiFi is re-created after at most that time.")
@SeeAlso(classNames = {"io.nifidataops.processors.PutLakeParquet", "io.nifidataops.processors.RegisterGlueTable",
        "io.nifidataops.aws.StandardAwsConnectionService"})
public class GlueCatalogService extends AbstractControllerService implements LakeCatalogService, VerifiableControllerService {

    static final AllowableValue ADD_NEW_COLUMNS = policy(SchemaEvolutionPolicy.ADD_NEW_COLUMNS, "Add New Columns",
            "New columns are appended; a column the data no longer has stays in the table; data narrower than the column"
                    + " (int into bigint) is accepted; any other type change is refused");
    static final AllowableValue ALLOW_SAFE_WIDENING = policy(SchemaEvolutionPolicy.ALLOW_SAFE_WIDENING, "Allow Safe Widening",
            "As Add New Columns, and a column whose data became wider is widened (tinyint to smallint to int to bigint, float to double)");
    static final AllowableValue STRICT = policy(SchemaEvolutionPolicy.STRICT, "Strict",
            "The data must have exactly the table's columns and types; anything else is refused");

    static final AllowableValue REGISTER_PARTITIONS = new AllowableValue("REGISTER_PARTITIONS", "Register Partitions",
            "Each new partition is added with BatchCreatePartition");
    static final AllowableValue PARTITION_PROJECTION = new AllowableValue("PARTITION_PROJECTION", "Partition Projection",
            "The table gets Athena partition projection parameters and no partitions are registered; only Athena reads them,"
                    + " Spark and Trino on Glue see no partitions");

    public static final PropertyDescriptor AWS_CONNECTION_SERVICE = new PropertyDescriptor.Builder()
            .name("AWS Connection Service")
            .description("Region, endpoint and credentials of the Glue Data Catalog")
            .required(true)
            .identifiesControllerService(AwsConnectionService.class)
            .build();

    public static final PropertyDescriptor CATALOG_ID = new PropertyDescriptor.Builder()
            .name("Catalog ID")
            .description("AWS account ID of the Glue Data Catalog when it belongs to another account (a central catalog shared"
                    + " with this one); when not set, the caller's own account")
            .addValidator(StandardValidators.createRegexMatchingValidator(Pattern.compile("\\d{12}")))
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    public static final PropertyDescriptor DATABASE = new PropertyDescriptor.Builder()
            .name("Database")
            .description("Glue database; normalised like column names (lowercase letters, digits, underscores)")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor TABLE = new PropertyDescriptor.Builder()
            .name("Table")
            .description("Glue table; normalised like column names. The default names the zone, source and dataset, the three parts"
                    + " of PutLakeParquet's path, so every table has a location of its own; a name that drops one of them maps"
                    + " two paths to one table, and the second is refused")
            .required(true)
            .defaultValue("${lake.zone}_${lake.source}_${lake.dataset}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor CREATE_DATABASE = new PropertyDescriptor.Builder()
            .name("Create Database")
            .description("Create the database when it does not exist; otherwise such FlowFiles fail")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final PropertyDescriptor SCHEMA_EVOLUTION = new PropertyDescriptor.Builder()
            .name("Schema Evolution")
            .description("What the data may change about an existing table's columns. Applied before PutLakeParquet uploads,"
                    + " so data the policy refuses never lands where readers look")
            .required(true)
            .allowableValues(ADD_NEW_COLUMNS, ALLOW_SAFE_WIDENING, STRICT)
            .defaultValue(ADD_NEW_COLUMNS)
            .build();

    public static final PropertyDescriptor PARTITION_REGISTRATION = new PropertyDescriptor.Builder()
            .name("Partition Registration")
            .description("How queries find the partitions")
            .required(true)
            .allowableValues(REGISTER_PARTITIONS, PARTITION_PROJECTION)
            .defaultValue(REGISTER_PARTITIONS)
            .build();

    public static final PropertyDescriptor PROJECTION_DATE_RANGE = new PropertyDescriptor.Builder()
            .name("Projection Date Range")
            .description("Athena range of date partition columns, absolute (2020-01-01,NOW) or relative (NOW-10YEARS,NOW)")
            .required(true)
            .defaultValue("NOW-10YEARS,NOW")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(PARTITION_REGISTRATION, PARTITION_PROJECTION)
            .build();

    public static final PropertyDescriptor TABLE_VERSIONING = new PropertyDescriptor.Builder()
            .name("Table Versioning")
            .description("Keep the previous table version in Glue on each schema change (false sets SkipArchive)")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor CACHE_EXPIRATION = new PropertyDescriptor.Builder()
            .name("Cache Expiration")
            .description("How long a table or partition seen in Glue is trusted without asking again. Shorter notices tables"
                    + " dropped or moved outside NiFi sooner; each expiry costs one GetTable per table in use")
            .required(true)
            .defaultValue("5 mins")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor PARTITION_CACHE_SIZE = new PropertyDescriptor.Builder()
            .name("Partition Cache Size")
            .description("Partitions remembered as registered, least recently used forgotten first; each costs a few hundred bytes")
            .required(true)
            .defaultValue("10000")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final String STEP_GET_DATABASE = "Get Database";
    private static final int TABLE_CACHE_SIZE = 1_000;

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(AWS_CONNECTION_SERVICE, CATALOG_ID, DATABASE, TABLE,
            CREATE_DATABASE, SCHEMA_EVOLUTION, PARTITION_REGISTRATION, PROJECTION_DATE_RANGE, TABLE_VERSIONING, CACHE_EXPIRATION,
            PARTITION_CACHE_SIZE);

    private volatile ConfigurationContext configuration;
    private volatile GlueCatalog catalog;
    private volatile Options options;
    private volatile String region;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        final AwsConnectionService connection = context.getProperty(AWS_CONNECTION_SERVICE).asControllerService(AwsConnectionService.class);
        configuration = context;
        options = options(context);
        region = connection.getRegion();
        catalog = new GlueCatalog(connection.getGlueClient(), context.getProperty(CATALOG_ID).evaluateAttributeExpressions().getValue(),
                TABLE_CACHE_SIZE, context.getProperty(PARTITION_CACHE_SIZE).asInteger(),
                context.getProperty(CACHE_EXPIRATION).asTimePeriod(TimeUnit.NANOSECONDS), System::nanoTime);
    }

    @OnDisabled
    public void onDisabled() {
        catalog = null; // the caches go with it; the client belongs to the connection service
    }

    @Override
    public TableTarget target(final Map<String, String> attributes) {
        return new TableTarget(
                CatalogNames.normalize("Database", configuration.getProperty(DATABASE).evaluateAttributeExpressions(attributes).getValue()),
                CatalogNames.normalize("Table", configuration.getProperty(TABLE).evaluateAttributeExpressions(attributes).getValue()));
    }

    @Override
    public TableRegistration prepareTable(final TableTarget target, final LakeTableInput input) {
        return catalog.ensureTable(target, input, options);
    }

    @Override
    public Set<List<String>> registerPartitions(final TableTarget target, final List<LakeTableInput> inputs) {
        return catalog.addPartitions(target, inputs, options);
    }

    @Override
    public String tableUri(final TableTarget target) {
        return "glue://" + region + "/" + target.database() + "/" + target.table();
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final String database;
        try {
            database = CatalogNames.normalize("Database", context.getProperty(DATABASE).evaluateAttributeExpressions(variables).getValue());
        } catch (RuntimeException e) {
            return List.of(result(Outcome.FAILED, "Database name: " + e.getMessage()));
        }
        try {
            final AwsConnectionService connection = context.getProperty(AWS_CONNECTION_SERVICE).asControllerService(AwsConnectionService.class);
            new GlueCatalog(connection.getGlueClient(), context.getProperty(CATALOG_ID).evaluateAttributeExpressions().getValue(), 1, 1, 0,
                    System::nanoTime).checkDatabase(database);
            return List.of(result(Outcome.SUCCESSFUL, "Database " + database + " exists"));
        } catch (EntityNotFoundException e) {
            final boolean create = context.getProperty(CREATE_DATABASE).asBoolean();
            return List.of(result(create ? Outcome.SUCCESSFUL : Outcome.FAILED, "Database " + database + " does not exist"
                    + (create ? "; it will be created" : " and Create Database is false")));
        } catch (RuntimeException e) {
            final String reason = AwsErrorClassifier.classify(e).description();
            verificationLogger.error("Failed to get Glue database {}: {}", database, reason);
            return List.of(result(Outcome.FAILED, "Failed to get database " + database + ": " + reason));
        }
    }

    private static ConfigVerificationResult result(final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(STEP_GET_DATABASE).outcome(outcome).explanation(explanation).build();
    }

    private static Options options(final ConfigurationContext context) {
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
}
