/**
 * The config-driven quarantine job, as a library: {@link io.quarentena.job.QuarantineJob} (its
 * {@code main} for spark-submit and Databricks JAR tasks, and a typed builder), its configuration
 * {@link io.quarentena.job.JobConfig} and the HOCON parser {@link io.quarentena.job.JobFile}, the
 * audit table of runs {@link io.quarentena.job.RunsTable}, and {@link
 * io.quarentena.job.SparkSources} for files that need a connector (xlsx, sftp://, sharepoint://).
 * Built on quarentena-spark and quarentena-connectors.
 *
 * <pre>{@code
 * RunSummary summary =
 *     QuarantineJob.builder(spark, JobFile.load(Path.of("job.conf")))
 *         .build()
 *         .run(LocalDate.parse("2024-05-28"));
 * }</pre>
 */
@NullMarked
package io.quarentena.job;

import org.jspecify.annotations.NullMarked;
