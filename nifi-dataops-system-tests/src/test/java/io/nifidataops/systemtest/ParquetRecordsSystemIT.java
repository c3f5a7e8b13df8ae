package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.healthcare.ParquetRecordsFlow;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.ParquetReadBack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LakeParquetRecordSetWriter and LakeParquetReader inside NiFi's own record processors in a real NiFi 2.3.0 (no Hadoop NAR):
 * GenerateFlowFile (JSON) -> ConvertRecord (JsonTreeReader -> LakeParquetRecordSetWriter) -> PutFile writes Parquet files,
 * which DuckDB reads; then GetFile -> ConvertRecord (LakeParquetReader -> JsonRecordSetWriter) -> PutFile turns every file
 * back into the JSON that was generated.
 */
class ParquetRecordsSystemIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FLOWFILES = 3;
    private static final String RECORDS = """
            [{"patient_id":"p-1","heart_rate":72,"spo2":97.5,"ward":"ICU","tags":["sepsis-watch","fall-risk"],\
            "bp":{"systolic":120,"diastolic":80}},
             {"patient_id":"p-2","heart_rate":88,"spo2":95.25,"ward":null,"tags":[],"bp":{"systolic":135,"diastolic":90}},
             {"patient_id":"p-3","heart_rate":101,"spo2":91.0,"ward":"3B","tags":["copd"],"bp":{"systolic":150,"diastolic":95}}]""";

    private static NiFiInstance nifi;
    private static NiFiClient client;

    @TempDir
    Path work;

    @BeforeAll
    static void startNiFi() {
        nifi = SystemTestNiFi.start("parquet-records", "768m");
        client = nifi.client();
    }

    @AfterAll
    static void stopNiFi() {
        if (nifi != null) {
            nifi.close();
        }
    }

    @Test
    void testJsonToParquetFilesThatDuckDbReadsAndBackToTheSameJson() throws Exception {
        final Path parquetDir = work.resolve("parquet");
        final Path jsonDir = work.resolve("json");

        final String writeGroup = client.uploadFlowDefinition(client.rootGroupId(), "JSON to Parquet",
                ParquetRecordsFlow.jsonToParquet(RECORDS, FLOWFILES, parquetDir.toString()).getBytes(StandardCharsets.UTF_8), 0, 0);
        nifi.startGroupWhenValid(writeGroup);
        NiFiClient.awaitCondition(FLOWFILES + " Parquet files", Duration.ofSeconds(90), () -> files(parquetDir).size() == FLOWFILES);
        client.stopProcessGroup(writeGroup);
        assertThat(queued(writeGroup, "To Parquet", "failure")).as("ConvertRecord failures").isZero();

        // Every file is Parquet that DuckDB reads with the generated rows and the writer's column types
        for (final Path file : files(parquetDir)) {
            final String source = "read_parquet('" + file + "')";
            assertThat(ParquetReadBack.query("DESCRIBE SELECT * FROM " + source).stream()
                    .collect(java.util.stream.Collectors.toMap(row -> (String) row.get("column_name"), row -> (String) row.get("column_type"))))
                    .containsEntry("patient_id", "VARCHAR").containsEntry("heart_rate", "INTEGER").containsEntry("spo2", "DOUBLE")
                    .containsEntry("tags", "VARCHAR[]").containsEntry("bp", "STRUCT(systolic INTEGER, diastolic INTEGER)");
            final List<Map<String, Object>> rows = ParquetReadBack.query("SELECT patient_id, heart_rate, spo2, ward,"
                    + " array_to_string(tags, ',') AS tags, len(tags) AS tag_count, bp.systolic AS systolic, bp.diastolic AS diastolic FROM " + source + " ORDER BY patient_id");
            assertThat(rows).as(file.toString()).hasSize(3);
            assertThat(rows.get(0)).containsEntry("patient_id", "p-1").containsEntry("heart_rate", 72).containsEntry("spo2", 97.5)
                    .containsEntry("ward", "ICU").containsEntry("tags", "sepsis-watch,fall-risk").containsEntry("systolic", 120)
                    .containsEntry("diastolic", 80);
            assertThat(rows.get(1)).containsEntry("patient_id", "p-2").containsEntry("spo2", 95.25).containsEntry("ward", null)
                    .containsEntry("tag_count", 0L);
            assertThat(rows.get(2)).containsEntry("patient_id", "p-3").containsEntry("heart_rate", 101).containsEntry("ward", "3B")
                    .containsEntry("systolic", 150);
        }

        final String readGroup = client.uploadFlowDefinition(client.rootGroupId(), "Parquet to JSON",
                ParquetRecordsFlow.parquetToJson(parquetDir.toString(), jsonDir.toString()).getBytes(StandardCharsets.UTF_8), 0, 400);
        nifi.startGroupWhenValid(readGroup);
        NiFiClient.awaitCondition(FLOWFILES + " JSON files", Duration.ofSeconds(90), () -> files(jsonDir).size() == FLOWFILES);
        client.stopProcessGroup(readGroup);
        assertThat(queued(readGroup, "To JSON", "failure")).as("ConvertRecord failures").isZero();

        final JsonNode expected = JSON.readTree(RECORDS);
        for (final Path file : files(jsonDir)) {
            assertThat(JSON.readTree(file.toFile())).as(file.toString()).isEqualTo(expected);
        }
        assertNoErrorBulletins();
    }

    private static List<Path> files(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int queued(final String groupId, final String source, final String relationship) {
        return client.queues(groupId).stream()
                .filter(queue -> queue.source().equals(source) && queue.relationships().contains(relationship))
                .mapToInt(NiFiClient.Queue::flowFiles)
                .sum();
    }

    private static void assertNoErrorBulletins() {
        final List<String> errors = client.bulletins().stream()
                .filter(bulletin -> "ERROR".equals(bulletin.path("level").asText()))
                .map(bulletin -> bulletin.path("sourceName").asText() + ": " + bulletin.path("message").asText())
                .toList();
        assertThat(errors).as("ERROR bulletins").isEmpty();
    }
}
