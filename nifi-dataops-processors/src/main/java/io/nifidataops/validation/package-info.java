/**
 * Great-Expectations-compatible validation of record streams, free of NiFi classes.
 * <p>
 * Use: {@link io.nifidataops.validation.SuiteParser#parse} a GE 0.18 or 1.x suite, then
 * {@link io.nifidataops.validation.CompiledSuite#compile} it once (cacheable, thread-safe). Per FlowFile,
 * {@link io.nifidataops.validation.CompiledSuite#newRun} with the record schema's column names; if
 * {@link io.nifidataops.validation.SuiteRun#needsPreparationPass()} read the records once through
 * {@code prepare}, then read them (again) through {@code evaluate}, which names the row-level expectations each
 * record breaks; {@code finish} gives the {@link io.nifidataops.validation.ValidationResult}, and
 * {@link io.nifidataops.validation.ValidationReportWriter} writes it as GE 1.x JSON.
 * <p>
 * Semantics follow GE's pandas backend (checked against GE's own test fixtures): null and NaN are missing and
 * skipped by column maps, numbers compare by value across Java types, every occurrence of a duplicate is
 * unexpected, values of a kind an expectation cannot handle fail it with exception_info. A column absent from
 * the schema fails its expectations closed. Record values reach results only when the run allows it.
 */
package io.nifidataops.validation;
