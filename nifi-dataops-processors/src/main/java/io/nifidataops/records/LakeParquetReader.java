package io.nifidataops.records;

import io.nifidataops.lake.ParquetFileRecords;
import io.nifidataops.processors.SafeErrorMessages;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Reads Parquet FlowFile content as NiFi records without Hadoop. Parquet is read from its footer backwards, so the
 * content stream is first copied to a temporary file (deleted when the reader closes): heap does not grow with the
 * FlowFile's size, disk does.
 */
@Tags({"parquet", "record", "reader", "parse", "deserializer", "lake", "hadoop-free"})
@CapabilityDescription("Reads Parquet content (one Parquet file per FlowFile) as records, without Hadoop, so ConvertRecord,"
        + " QueryRecord, PutDatabaseRecord and other record processors can consume Parquet. The schema comes from the file: the"
        + " Avro schema parquet-avro stored (PutLakeParquet, LakeParquetRecordSetWriter), else one derived from the Parquet"
        + " schema. The content is copied to a temporary file first, because Parquet is read from its footer; heap holds one"
        + " row group's pages at a time.")
@SeeAlso(classNames = {"io.nifidataops.records.LakeParquetRecordSetWriter", "io.nifidataops.processors.PutLakeParquet"})
public class LakeParquetReader extends AbstractControllerService implements RecordReaderFactory {

    static final PropertyDescriptor TEMPORARY_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Temporary Directory")
            .description("Directory for the copy of each FlowFile's content while it is read, deleted when the read ends. It holds"
                    + " the records unencrypted: keep it on an encrypted volume, readable by NiFi's user only. Needs room for the"
                    + " content of every FlowFile read at the same time")
            .required(true)
            .defaultValue("${java.io.tmpdir}")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.createDirectoryExistsValidator(true, false))
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(TEMPORARY_DIRECTORY);
    private static final String FILE_PREFIX = "lake-parquet-reader-";

    private volatile Path temporaryDirectory;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        temporaryDirectory = Paths.get(context.getProperty(TEMPORARY_DIRECTORY).evaluateAttributeExpressions().getValue());
    }

    @Override
    public RecordReader createRecordReader(final Map<String, String> variables, final InputStream in, final long inputLength,
                                           final ComponentLog logger) throws MalformedRecordException, IOException {
        final Path copy = copyToTemporaryFile(in);
        try {
            return new LakeParquetRecordReader(ParquetFileRecords.open(copy), copy);
        } catch (final IOException | RuntimeException e) {
            deleteQuietly(copy, logger);
            logger.debug("Parquet content could not be opened", e);
            throw new MalformedRecordException("The content is not a Parquet file this reader can read: " + SafeErrorMessages.describe(e));
        }
    }

    private Path copyToTemporaryFile(final InputStream in) throws IOException {
        final Path file = Files.createTempFile(temporaryDirectory, FILE_PREFIX, ".parquet", ownerOnly());
        try (OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        } catch (final IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw new IOException("Cannot copy the content to a temporary file in " + temporaryDirectory + ": " + SafeErrorMessages.describe(e));
        }
        return file;
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    static void deleteQuietly(final Path file, final ComponentLog logger) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            logger.warn("Temporary Parquet copy {} could not be deleted: {}", file, SafeErrorMessages.describe(e));
        }
    }
}
