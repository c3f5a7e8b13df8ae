package io.nifidataops.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.nifidataops.catalog.GlueCatalog.Options;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.LakeAttributesFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.Partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GlueCatalogTest {

    private static final TableTarget VITALS = new TableTarget("lake", "structured_vitals");
    private static final Options DEFAULTS = new Options(true, SchemaEvolutionPolicy.ADD_NEW_COLUMNS, false, null);

    @RegisterExtension
    final GlueStandIn glue = new GlueStandIn();

    private GlueClient client;
    private GlueCatalog catalog;

    @BeforeEach
    void setUp() {
        client = glue.client();
        catalog = new GlueCatalog(client, 100, 10_000);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void testANewTableLooksLikeWhatAwsSdkForPandasWrites() {
        final TableRegistration registration = catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-23", "2026-11-24")), DEFAULTS);

        assertThat(registration.changes()).isEqualTo("created database; created table; added 2 partitions");
        assertThat(registration.tableVersion()).isEqualTo("0");
        final JsonNode table = glue.table("lake", "structured_vitals");
        assertThat(table.path("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
        assertThat(table.path("Parameters").path("classification").asText()).isEqualTo("parquet");
        assertThat(table.path("Parameters").path("compressionType").asText()).isEqualTo("snappy");
        assertThat(table.path("Parameters").path("typeOfData").asText()).isEqualTo("file");
        final JsonNode storage = table.path("StorageDescriptor");
        assertThat(storage.path("Location").asText()).isEqualTo(LakeAttributesFixture.LOCATION);
        assertThat(storage.path("InputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        assertThat(storage.path("OutputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
        assertThat(storage.path("SerdeInfo").path("SerializationLibrary").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        assertThat(glue.columns("lake", "structured_vitals")).containsExactly(Map.entry("device_id", "string"), Map.entry("heart_rate", "int"));
        assertThat(table.path("PartitionKeys").get(0).path("Name").asText()).isEqualTo("event_date");
        assertThat(table.path("PartitionKeys").get(0).path("Type").asText()).isEqualTo("string");
        final List<Partition> partitions = listPartitions();
        assertThat(partitions).extracting(partition -> partition.storageDescriptor().location())
                .containsExactly(LakeAttributesFixture.LOCATION + "event_date=2026-11-23/", LakeAttributesFixture.LOCATION + "event_date=2026-11-24/");
        assertThat(partitions.get(0).storageDescriptor().serdeInfo().serializationLibrary()).isEqualTo(GlueTables.SERDE);
    }

    @Test
    void testPartitionLocationsAreEscapedAsTheWriterEscapedThePath() {
        catalog.register(VITALS, input(new LakeAttributesFixture().set("lake.partitions",
                "[{\"event_date\":\"2026-11-23\",\"unit\":\"a/b:c\"},{\"event_date\":\"2026-11-23\",\"unit\":\"__HIVE_DEFAULT_PARTITION__\"}]")), DEFAULTS);

        final List<String> locations = listPartitions().stream().map(partition -> partition.storageDescriptor().location()).toList();
        assertThat(locations).containsExactly(LakeAttributesFixture.LOCATION + "event_date=2026-11-23/unit=a%2Fb%3Ac/",
                LakeAttributesFixture.LOCATION + "event_date=2026-11-23/unit=__HIVE_DEFAULT_PARTITION__/");
    }

    @Test
    void testAMissingDatabaseFailsWhenItMayNotBeCreated() {
        assertThatThrownBy(() -> catalog.register(VITALS, input(new LakeAttributesFixture()), new Options(false, SchemaEvolutionPolicy.ADD_NEW_COLUMNS, false, null)))
                .isInstanceOf(CatalogException.class)
                .hasMessage("database lake does not exist and Create Database is false");
        assertThat(glue.hasDatabase("lake")).isFalse();
    }

    @Test
    void testKnownTablesAndPartitionsCostNoCall() {
        catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-23")), DEFAULTS);
        glue.resetCalls();

        final TableRegistration again = catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-23")), DEFAULTS);

        assertThat(glue.totalCalls()).isZero();
        assertThat(again.changes()).isEqualTo("no change, table and partitions already registered");
        assertThat(again.tableVersion()).isEqualTo("0");
    }

    @Test
    void testManyPartitionsGoInCallsOfAtMostOneHundredAndPageBack() {
        catalog.register(VITALS, input(new LakeAttributesFixture().dayRange(0, 250)), DEFAULTS);

        assertThat(glue.calls("BatchCreatePartition")).isEqualTo(3);
        glue.pageSize(40);
        assertThat(listPartitions()).hasSize(250);
        assertThat(glue.calls("GetPartitions")).isEqualTo(7);
    }

    @Test
    void testPartitionsAnotherWriterRegisteredAreFine() {
        new GlueCatalog(client, 10, 10).register(VITALS, input(new LakeAttributesFixture().days("2026-11-23", "2026-11-24")), DEFAULTS);

        final TableRegistration registration = catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-23", "2026-11-24", "2026-11-25")), DEFAULTS);

        assertThat(registration.partitionsCreated()).isEqualTo(1);
        assertThat(glue.partitionValues("lake", "structured_vitals")).hasSize(3);
    }

    @Test
    void testRefusedPartitionsSurfaceAndOnlyTheyAreSentAgain() {
        final LakeTableInput threeDays = input(new LakeAttributesFixture().days("2026-11-23", "2026-11-24", "2026-11-25"));
        catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-22")), DEFAULTS);
        glue.refuseNextPartitions("ResourceNumberLimitExceededException", 1);

        assertThatThrownBy(() -> catalog.register(VITALS, threeDays, DEFAULTS))
                .isInstanceOfSatisfying(PartitionRegistrationException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("Glue refused 1 of 3 partitions of lake.structured_vitals, the first with ResourceNumberLimitExceededException");

        glue.refuseNextPartitions("InternalServiceException", 1);
        assertThatThrownBy(() -> catalog.register(VITALS, threeDays, DEFAULTS))
                .isInstanceOfSatisfying(PartitionRegistrationException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(catalog.register(VITALS, threeDays, DEFAULTS).partitionsCreated()).isEqualTo(1);
        assertThat(glue.partitionValues("lake", "structured_vitals")).hasSize(4);
    }

    @Test
    void testNewColumnsUpdateTheTableUnderItsVersion() {
        catalog.register(VITALS, input(new LakeAttributesFixture()), DEFAULTS);

        final TableRegistration registration = catalog.register(VITALS, input(new LakeAttributesFixture().field("spo2", "\"double\"")
                .field("note", "[\"null\",\"string\"]")), DEFAULTS);

        assertThat(registration.changes()).isEqualTo("added columns spo2,note");
        assertThat(registration.tableVersion()).isEqualTo("1");
        assertThat(glue.columns("lake", "structured_vitals")).containsKeys("device_id", "heart_rate", "spo2", "note");
        assertThat(glue.archivedVersions("lake", "structured_vitals")).isEqualTo(1);
        assertThat(glue.table("lake", "structured_vitals").path("Parameters").path("classification").asText()).isEqualTo("parquet");
    }

    @Test
    void testWithoutTableVersioningNoVersionIsArchived() {
        final Options noArchive = new Options(true, SchemaEvolutionPolicy.ALLOW_SAFE_WIDENING, true, null);
        catalog.register(VITALS, input(new LakeAttributesFixture()), noArchive);

        final TableRegistration registration = catalog.register(VITALS, input(new LakeAttributesFixture().withoutFields()
                .field("device_id", "\"string\"").field("heart_rate", "\"long\"")), noArchive);

        assertThat(registration.changes()).isEqualTo("widened columns heart_rate");
        assertThat(glue.columns("lake", "structured_vitals")).containsEntry("heart_rate", "bigint");
        assertThat(glue.archivedVersions("lake", "structured_vitals")).isZero();
    }

    @Test
    void testAConcurrentChangeIsMergedNotLost() {
        catalog.register(VITALS, input(new LakeAttributesFixture()), DEFAULTS);
        glue.beforeNextUpdate(standIn -> standIn.addColumn("lake", "structured_vitals", "temperature", "double"));

        final TableRegistration registration = catalog.register(VITALS, input(new LakeAttributesFixture().field("spo2", "\"double\"")), DEFAULTS);

        assertThat(registration.addedColumns()).containsExactly("spo2");
        assertThat(glue.columns("lake", "structured_vitals")).containsOnlyKeys("device_id", "heart_rate", "temperature", "spo2");
        assertThat(glue.calls("UpdateTable")).isEqualTo(2);
    }

    @Test
    void testAnEndlessConflictIsLeftForARetry() {
        catalog.register(VITALS, input(new LakeAttributesFixture()), DEFAULTS);
        final LakeTableInput wider = input(new LakeAttributesFixture().field("spo2", "\"double\""));
        final List<String> added = new ArrayList<>();
        conflictOnEveryUpdate(added);

        assertThatThrownBy(() -> catalog.register(VITALS, wider, DEFAULTS)).isInstanceOf(ConcurrentModificationException.class);
        assertThat(glue.calls("UpdateTable")).isEqualTo(8);
    }

    private void conflictOnEveryUpdate(final List<String> added) {
        glue.beforeNextUpdate(standIn -> {
            final String column = "other_" + added.size();
            added.add(column);
            standIn.addColumn("lake", "structured_vitals", column, "int");
            conflictOnEveryUpdate(added);
        });
    }

    @Test
    void testTwoWritersOnTwoNodesLoseNeitherColumnsNorPartitions() throws Exception {
        registerConcurrently(new GlueCatalog(client, 100, 10_000), new GlueCatalog(client, 100, 10_000));
    }

    @Test
    void testTwoThreadsOfOneProcessorLoseNeitherColumnsNorPartitions() throws Exception {
        registerConcurrently(catalog, catalog);
    }

    // Each writer adds one column and one partition per write; both run at once against one table.
    private void registerConcurrently(final GlueCatalog first, final GlueCatalog second) throws Exception {
        catalog.register(VITALS, input(new LakeAttributesFixture().days("2019-12-31")), DEFAULTS);
        final ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (final String node : List.of("a", "b")) {
                final GlueCatalog nodeCatalog = node.equals("a") ? first : second;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        final LakeAttributesFixture fixture = new LakeAttributesFixture().dayRange(node.equals("a") ? i : 100 + i, 1);
                        for (int column = 0; column <= i; column++) {
                            fixture.field("node_" + node + "_" + column, "\"int\"");
                        }
                        nodeCatalog.register(VITALS, input(fixture), DEFAULTS);
                    }
                    return null;
                }));
            }
            for (final Future<?> writer : done) {
                writer.get();
            }
        } finally {
            writers.shutdownNow();
        }

        final Map<String, String> columns = glue.columns("lake", "structured_vitals");
        for (int column = 0; column < 15; column++) {
            assertThat(columns).containsKeys("node_a_" + column, "node_b_" + column);
        }
        assertThat(columns).hasSize(32);
        assertThat(glue.partitionValues("lake", "structured_vitals")).hasSize(31);
    }

    @Test
    void testPartitionKeysMustMatchTheTable() {
        catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-23")), DEFAULTS);

        assertThatThrownBy(() -> catalog.register(VITALS, input(new LakeAttributesFixture().set("lake.partitions", "[{\"ward\":\"3\"}]")), DEFAULTS))
                .isInstanceOf(CatalogException.class)
                .hasMessage("table lake.structured_vitals is partitioned by [event_date] but lake.partitions has [ward]");
    }

    @Test
    void testProjectionWritesParametersInsteadOfPartitions() {
        final Options projection = new Options(true, SchemaEvolutionPolicy.ADD_NEW_COLUMNS, false, new PartitionProjection("NOW-10YEARS,NOW"));

        catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-23")), projection);
        catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-24")), projection);

        assertThat(glue.calls("BatchCreatePartition")).isZero();
        final JsonNode parameters = glue.table("lake", "structured_vitals").path("Parameters");
        assertThat(parameters.path("projection.enabled").asText()).isEqualTo("true");
        assertThat(parameters.path("projection.event_date.type").asText()).isEqualTo("date");
        assertThat(parameters.path("storage.location.template").asText()).isEqualTo(LakeAttributesFixture.LOCATION + "event_date=${event_date}/");
    }

    @Test
    void testATableDroppedBehindOurBackIsCreatedAgain() {
        glue.putDatabase("lake");
        catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-23")), DEFAULTS);
        client.deleteTable(request -> request.databaseName("lake").name("structured_vitals"));

        final TableRegistration registration = catalog.register(VITALS, input(new LakeAttributesFixture().days("2026-11-24")), DEFAULTS);

        assertThat(registration.partitionsCreated()).isEqualTo(1);
        assertThat(glue.calls("CreateTable")).isEqualTo(2);
        assertThat(glue.partitionValues("lake", "structured_vitals")).containsExactly(List.of("2026-11-24"));
    }

    // Through the SDK's paginator: proves the stand-in's NextToken paging works with a real client.
    private List<Partition> listPartitions() {
        return client.getPartitionsPaginator(request -> request.databaseName("lake").tableName("structured_vitals")).stream()
                .flatMap(page -> page.partitions().stream()).toList();
    }

    private static LakeTableInput input(final LakeAttributesFixture fixture) {
        return LakeTableAttributes.from(fixture.build());
    }
}
