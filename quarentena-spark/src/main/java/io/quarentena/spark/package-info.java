/**
 * Quarentena on Spark: the core rules as Dataset transforms ({@link
 * io.quarentena.spark.QuarantinePipeline}), the Delta tables ({@link
 * io.quarentena.spark.QuarantineTable}, {@link io.quarentena.spark.RejectsTable}), the batch
 * suppression check ({@link io.quarentena.spark.SparkQuarantine}) and the config-driven job ({@link
 * io.quarentena.job.QuarantineJob}).
 *
 * <pre>{@code
 * QuarantinePipeline pipeline = QuarantinePipeline.builder(QuarantinePolicy.defaults()).build();
 * try (QuarantineRun run = pipeline.run(LocalDate.parse("2024-05-28"), inputs)) {
 *   QuarantineTable.of(spark, "main.crm.quarentena_global").write(run.entries(), run.loadDate());
 *   RejectsTable.of(spark, "main.crm.quarentena_rejeitados").write(run.rejects(), run.loadDate());
 *   System.out.println(run.summary().toTable());
 * }
 * }</pre>
 */
@NullMarked
package io.quarentena.spark;

import org.jspecify.annotations.NullMarked;
