package io.nifidataops.fhir;

import io.nifidataops.catalog.LruCache;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A Record Reader of FHIR R4 JSON (Bulk Data NDJSON or Bundles) that applies a SQL on FHIR v2 ViewDefinition on read:
 * one record per view row, typed from the view's column types. Thin glue over {@link FhirResourceSource},
 * {@link ViewDefinition}, {@link ViewRunner} and {@link FhirColumnTypes}.
 */
@Tags({"fhir", "hl7", "sql-on-fhir", "viewdefinition", "ndjson", "bundle", "bulk data", "record", "reader", "healthcare"})
@CapabilityDescription("Reads FHIR R4 JSON, Bulk Data NDJSON (one resource per line) or Bundles, and turns each resource into"
        + " flat, typed rows with a SQL on FHIR v2 ViewDefinition (FHIRPath columns, where, constants, forEach, forEachOrNull,"
        + " repeat, unionAll, %rowIndex, getResourceKey, getReferenceKey), evaluated with HAPI FHIR's R4 FHIRPath engine."
        + " One record per view row; resources of other types than the view's produce no rows. Column types come from the view:"
        + " dateTime and instant are timestamps, date dates, decimal decimals, integer ints, boolean booleans, everything else"
        + " strings. The view is a property value or a file picked per FlowFile from a view directory. A resource that does"
        + " not parse or on which the view fails ends the read with a message saying where and why, never a value.")
@SeeAlso(classNames = {"io.nifidataops.processors.ValidateRecordExpectations", "io.nifidataops.processors.PutLakeParquet"})
public class FhirViewRecordReader extends AbstractControllerService implements RecordReaderFactory {

    static final PropertyDescriptor VIEW_DEFINITION_SOURCE = new PropertyDescriptor.Builder()
            .name("View Definition Source")
            .description("Where the ViewDefinition comes from")
            .required(true)
            .allowableValues(ViewDefinitionSource.class)
            .defaultValue(ViewDefinitionSource.INLINE)
            .build();

    static final PropertyDescriptor VIEW_DEFINITION = new PropertyDescriptor.Builder()
            .name("View Definition")
            .description("The SQL on FHIR v2 ViewDefinition as JSON. With Expression Language it can differ per FlowFile (e.g."
                    + " ${fhir.view}); a view without Expression Language is compiled when the service is validated")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(VIEW_DEFINITION_SOURCE, ViewDefinitionSource.INLINE)
            .build();

    static final PropertyDescriptor VIEW_DIRECTORY = new PropertyDescriptor.Builder()
            .name("View Directory")
            .description("Directory of ViewDefinition files (*.json); every file in it is compiled when the service is validated")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.createDirectoryExistsValidator(true, false))
            .dependsOn(VIEW_DEFINITION_SOURCE, ViewDefinitionSource.DIRECTORY)
            .build();

    static final PropertyDescriptor VIEW_FILE_NAME = new PropertyDescriptor.Builder()
            .name("View File Name")
            .description("The ViewDefinition file for a FlowFile, a plain file name inside View Directory (no path separators,"
                    + " no '..')")
            .required(true)
            .defaultValue("${lake.dataset}.json")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(VIEW_DEFINITION_SOURCE, ViewDefinitionSource.DIRECTORY)
            .build();

    static final PropertyDescriptor INPUT_FORMAT = new PropertyDescriptor.Builder()
            .name("Input Format")
            .description("How the FHIR content is laid out")
            .required(true)
            .allowableValues(FhirInputFormat.class)
            .defaultValue(FhirInputFormat.AUTO)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(VIEW_DEFINITION_SOURCE, VIEW_DEFINITION,
            VIEW_DIRECTORY, VIEW_FILE_NAME, INPUT_FORMAT);
    private static final int CACHED_VIEWS = 64;

    private final LruCache<String, ViewDefinition> views = new LruCache<>(CACHED_VIEWS);
    private volatile ViewDefinitionSource source;
    private volatile PropertyValue viewDefinition;
    private volatile PropertyValue viewFileName;
    private volatile Path viewDirectory;
    private volatile FhirInputFormat inputFormat;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final ViewDefinitionSource chosen = context.getProperty(VIEW_DEFINITION_SOURCE).asAllowableValue(ViewDefinitionSource.class);
        if (chosen == ViewDefinitionSource.INLINE) {
            final String text = context.getProperty(VIEW_DEFINITION).getValue();
            if (text != null && !context.isExpressionLanguagePresent(text)) {
                compileForValidation(text, VIEW_DEFINITION.getName(), VIEW_DEFINITION.getName(), results);
            }
        } else if (context.getProperty(VIEW_DIRECTORY).isSet()) {
            final Path directory = Paths.get(context.getProperty(VIEW_DIRECTORY).evaluateAttributeExpressions().getValue());
            if (Files.isDirectory(directory)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
                    for (final Path file : files) {
                        compileForValidation(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString(),
                                VIEW_DIRECTORY.getName(), results);
                    }
                } catch (final IOException e) {
                    results.add(new ValidationResult.Builder().subject(VIEW_DIRECTORY.getName()).valid(false)
                            .explanation("the view files cannot be read (" + e.getClass().getSimpleName() + ")").build());
                }
            }
        }
        return results;
    }

    private static void compileForValidation(final String json, final String label, final String subject,
                                             final List<ValidationResult> results) {
        try {
            ViewDefinition.parse(json, label);
        } catch (final ViewDefinitionException e) {
            results.add(new ValidationResult.Builder().subject(subject).valid(false).explanation(e.getMessage()).build());
        }
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        source = context.getProperty(VIEW_DEFINITION_SOURCE).asAllowableValue(ViewDefinitionSource.class);
        inputFormat = context.getProperty(INPUT_FORMAT).asAllowableValue(FhirInputFormat.class);
        viewDefinition = context.getProperty(VIEW_DEFINITION);
        viewFileName = context.getProperty(VIEW_FILE_NAME);
        viewDirectory = source == ViewDefinitionSource.DIRECTORY
                ? Paths.get(context.getProperty(VIEW_DIRECTORY).evaluateAttributeExpressions().getValue()).toAbsolutePath().normalize()
                : null;
    }

    @Override
    public RecordReader createRecordReader(final Map<String, String> variables, final InputStream in, final long inputLength,
                                           final ComponentLog logger) throws MalformedRecordException, IOException {
        final ViewDefinition view;
        try {
            view = source == ViewDefinitionSource.DIRECTORY ? viewFromDirectory(variables) : inlineView(variables);
        } catch (final ViewDefinitionException e) {
            throw new MalformedRecordException(e.getMessage());
        }
        final FhirResourceParser parser = new FhirResourceParser();
        final FhirResourceSource resources = new FhirResourceSource(in, inputFormat, parser);
        return new ViewRecordReader(resources, parser, new ViewRunner(view), FhirColumnTypes.schema(view), logger);
    }

    private ViewDefinition inlineView(final Map<String, String> variables) {
        final String text = viewDefinition.evaluateAttributeExpressions(variables).getValue();
        if (text == null || text.isBlank()) {
            throw new ViewDefinitionException("View Definition is empty for this FlowFile");
        }
        return cached(text, () -> ViewDefinition.parse(text, VIEW_DEFINITION.getName()));
    }

    private ViewDefinition viewFromDirectory(final Map<String, String> variables) throws IOException {
        final String name = viewFileName.evaluateAttributeExpressions(variables).getValue();
        final Path file = ViewFiles.resolve(viewDirectory, name);
        final String key = file + "@" + Files.getLastModifiedTime(file).toMillis();
        return cached(key, () -> {
            try {
                return ViewDefinition.parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
            } catch (final IOException e) {
                throw new ViewDefinitionException("view file '" + file.getFileName() + "' cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        });
    }

    private interface Compile {
        ViewDefinition compile();
    }

    private ViewDefinition cached(final String key, final Compile compile) {
        ViewDefinition view = views.get(key);
        if (view == null) {
            view = compile.compile();
            views.put(key, view);
        }
        return view;
    }
}
