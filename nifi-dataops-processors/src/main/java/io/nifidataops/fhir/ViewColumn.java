package io.nifidataops.fhir;

/**
 * One column of a view: its name, the FHIRPath that fills it, the FHIR type the view declares ({@code type}, or the
 * {@code ansi/type} tag's SQL type when present), and whether it holds a collection.
 *
 * @param name column name, unique in the view
 * @param path the compiled FHIRPath
 * @param fhirType the declared FHIR type, or an inferred one ({@code string} when nothing says otherwise)
 * @param collection {@code collection: true}: the column holds a list of values
 * @param ansiType the {@code ansi/type} tag's value, upper case, or null
 */
public record ViewColumn(String name, ViewExpression path, String fhirType, boolean collection, String ansiType) {
}
