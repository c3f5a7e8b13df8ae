package io.nifidataops.catalog;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HiveTypesTest {

    @Test
    void testEveryAvroTypeHasItsHiveType() {
        final Schema schema = parse("""
                {"type":"record","name":"t","fields":[
                 {"name":"flag","type":"boolean"},
                 {"name":"count","type":"int"},
                 {"name":"big","type":"long"},
                 {"name":"ratio","type":"float"},
                 {"name":"value","type":"double"},
                 {"name":"name","type":"string"},
                 {"name":"blob","type":"bytes"},
                 {"name":"status","type":{"type":"enum","name":"s","symbols":["FINAL","DRAFT"]}},
                 {"name":"temp","type":{"type":"fixed","name":"d52","size":3,"logicalType":"decimal","precision":5,"scale":2}},
                 {"name":"huge","type":{"type":"bytes","logicalType":"decimal","precision":38,"scale":0}},
                 {"name":"day","type":{"type":"int","logicalType":"date"}},
                 {"name":"ts","type":{"type":"long","logicalType":"timestamp-micros"}},
                 {"name":"ts_ms","type":{"type":"long","logicalType":"timestamp-millis"}},
                 {"name":"local_ts","type":{"type":"long","logicalType":"local-timestamp-micros"}},
                 {"name":"at","type":{"type":"int","logicalType":"time-millis"}},
                 {"name":"id","type":{"type":"string","logicalType":"uuid"}},
                 {"name":"note","type":["null","string"],"default":null},
                 {"name":"readings","type":{"type":"array","items":["null","int"]}},
                 {"name":"labels","type":{"type":"map","values":"string"}},
                 {"name":"address","type":["null",{"type":"record","name":"a","fields":[
                     {"name":"city","type":"string"},{"name":"geo","type":{"type":"array","items":"double"}}]}]}
                ]}""");

        assertThat(HiveTypes.columns(schema)).containsExactly(
                new HiveColumn("flag", "boolean"), new HiveColumn("count", "int"), new HiveColumn("big", "bigint"),
                new HiveColumn("ratio", "float"), new HiveColumn("value", "double"), new HiveColumn("name", "string"),
                new HiveColumn("blob", "binary"), new HiveColumn("status", "string"), new HiveColumn("temp", "decimal(5,2)"),
                new HiveColumn("huge", "decimal(38,0)"), new HiveColumn("day", "date"), new HiveColumn("ts", "timestamp"),
                new HiveColumn("ts_ms", "timestamp"), new HiveColumn("local_ts", "timestamp"), new HiveColumn("at", "int"),
                new HiveColumn("id", "string"), new HiveColumn("note", "string"), new HiveColumn("readings", "array<int>"),
                new HiveColumn("labels", "map<string,string>"), new HiveColumn("address", "struct<city:string,geo:array<double>>"));
    }

    @Test
    void testAUnionOfTwoTypesNamesTheField() {
        assertThatThrownBy(() -> HiveTypes.columns(parse("""
                {"type":"record","name":"t","fields":[{"name":"reading","type":["null","int","string"]}]}""")))
                .isInstanceOf(CatalogException.class)
                .hasMessage("field 'reading' is a union of [int, string], which Hive cannot express");
    }

    @Test
    void testANestedProblemNamesThePath() {
        assertThatThrownBy(() -> HiveTypes.columns(parse("""
                {"type":"record","name":"t","fields":[{"name":"obs","type":{"type":"array","items":
                  {"type":"record","name":"o","fields":[{"name":"v","type":["int","string"]}]}}}]}""")))
                .hasMessageStartingWith("field 'obs[].v' is a union");
    }

    @Test
    void testARecursiveRecordIsRefused() {
        assertThatThrownBy(() -> HiveTypes.columns(parse("""
                {"type":"record","name":"node","fields":[{"name":"next","type":["null","node"]}]}""")))
                .hasMessage("field 'next' is a recursive record, which Hive cannot express");
    }

    @Test
    void testAnAlwaysNullFieldIsRefused() {
        assertThatThrownBy(() -> HiveTypes.columns(parse("""
                {"type":"record","name":"t","fields":[{"name":"nothing","type":"null"}]}""")))
                .hasMessage("field 'nothing' is always null, which has no Hive type");
    }

    @Test
    void testAColumnNameTheWriterWouldNotProduceIsRefused() {
        assertThatThrownBy(() -> HiveTypes.columns(parse("""
                {"type":"record","name":"t","fields":[{"name":"systolicBP","type":"int"}]}""")))
                .hasMessageContaining("field 'systolicBP' is not a catalog column name (Athena would need 'systolic_bp')");
    }

    @Test
    void testATooPreciseDecimalIsRefused() {
        assertThatThrownBy(() -> HiveTypes.columns(parse("""
                {"type":"record","name":"t","fields":[{"name":"x","type":{"type":"bytes","logicalType":"decimal","precision":40,"scale":2}}]}""")))
                .hasMessageContaining("field 'x' is decimal(40,2)");
    }

    @Test
    void testANonRecordSchemaIsRefused() {
        assertThatThrownBy(() -> HiveTypes.columns(Schema.create(Schema.Type.STRING))).hasMessage("lake.schema is an Avro string, not a record");
    }

    private static Schema parse(final String json) {
        return new Schema.Parser().parse(json);
    }
}
