/**
 * Quarentena on Spark: the core rules as Dataset transforms ({@link
 * io.quarentena.spark.QuarantinePipeline}) over sources read by {@link
 * io.quarentena.spark.SourceReaders} or by your own code, the Delta tables ({@link
 * io.quarentena.spark.QuarantineTable}, {@link io.quarentena.spark.RejectsTable}) and their column
 * names ({@link io.quarentena.spark.TableColumns}), the batch suppression check ({@link
 * io.quarentena.spark.SparkQuarantine}) and snapshots for in-process checks ({@link
 * io.quarentena.spark.QuarantineSnapshots}). Depends on quarentena-core only; the config-driven job
 * is the {@code quarentena-job} module ({@code io.quarentena.job.QuarantineJob}).
 *
 * <pre>{@code
 * QuarantinePipeline pipeline = QuarantinePipeline.builder(QuarantinePolicy.defaults()).build();
 * try (QuarantineRun run = pipeline.run(LocalDate.parse("2024-05-28"), inputs)) {
 *   QuarantineTable.forName(spark, "main.crm.quarentena_global").write(run.entries(), run.loadDate());
 *   RejectsTable.forName(spark, "main.crm.quarentena_rejeitados").write(run.rejects(), run.loadDate());
 *   System.out.println(run.summary().toTable());
 * }
 * }</pre>
 */
@NullMarked
package io.quarentena.spark;

import org.jspecify.annotations.NullMarked;
