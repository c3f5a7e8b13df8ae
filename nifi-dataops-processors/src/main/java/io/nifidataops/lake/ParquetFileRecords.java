package io.nifidataops.lake;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The records of one local Parquet file as generic Avro records, without Hadoop: row group by row group through
 * {@link ParquetFileReader} and parquet-avro's record materializer (what parquet-mr's ParquetReader does inside, whose
 * builders need Hadoop in parquet-java 1.15). The Avro schema is the one parquet-avro stored in the footer (files from
 * PutLakeParquet, LakeParquetRecordSetWriter, Spark with parquet-avro), else the one parquet-avro derives from the
 * Parquet schema (files from DuckDB, Trino, pyarrow). Heap holds one row group's pages, not the file.
 */
public final class ParquetFileRecords implements Closeable {

    private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";
    private static final String OLD_AVRO_SCHEMA_KEY = "avro.schema";

    private final ParquetFileReader file;
    private final Schema schema;
    private final MessageColumnIO columnIO;
    private final RecordMaterializer<GenericRecord> materializer;
    private RecordReader<GenericRecord> rowGroup;
    private long rowsLeftInGroup;

    private ParquetFileRecords(final ParquetFileReader file) {
        this.file = file;
        final ParquetConfiguration conf = ParquetFiles.readConfiguration();
        final FileMetaData metadata = file.getFooter().getFileMetaData();
        final Map<String, String> keyValues = metadata.getKeyValueMetaData();
        final MessageType fileSchema = metadata.getSchema();
        this.schema = avroSchema(keyValues, fileSchema, conf);
        final AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
        final ReadSupport.ReadContext context = support.init(conf, keyValues, fileSchema);
        this.materializer = support.prepareForRead(conf, keyValues, fileSchema, context);
        file.setRequestedSchema(context.getRequestedSchema());
        this.columnIO = new ColumnIOFactory(metadata.getCreatedBy()).getColumnIO(context.getRequestedSchema(), fileSchema, true);
    }

    /** Opens {@code path}; a file that is not Parquet fails here, with an exception of parquet-mr. */
    public static ParquetFileRecords open(final Path path) throws IOException {
        final ParquetFileReader reader = new ParquetFileReader(new LocalInputFile(path), ParquetFiles.readOptions());
        try {
            return new ParquetFileRecords(reader);
        } catch (final RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    public Schema getSchema() {
        return schema;
    }

    /** The next record, or null at the end of the file. */
    public GenericRecord next() throws IOException {
        while (rowsLeftInGroup == 0) {
            final PageReadStore pages = file.readNextRowGroup();
            if (pages == null) {
                return null;
            }
            rowsLeftInGroup = pages.getRowCount();
            rowGroup = columnIO.getRecordReader(pages, materializer, FilterCompat.NOOP);
        }
        rowsLeftInGroup--;
        return rowGroup.read();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private static Schema avroSchema(final Map<String, String> keyValues, final MessageType fileSchema, final ParquetConfiguration conf) {
        final String stored = keyValues.getOrDefault(AVRO_SCHEMA_KEY, keyValues.get(OLD_AVRO_SCHEMA_KEY));
        if (stored != null) {
            return new Schema.Parser().parse(stored);
        }
        return new AvroSchemaConverter(conf).convert(fileSchema);
    }
}
