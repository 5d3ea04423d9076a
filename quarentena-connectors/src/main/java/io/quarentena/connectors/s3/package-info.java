/**
 * S3 for Spark: the Hadoop {@code fs.s3a.*} settings of a bucket, credentials from a {@link
 * io.quarentena.connectors.SecretProvider} or the AWS default credential chain. Spark then reads
 * {@code s3a://} parquet and JSON itself; nothing here depends on Spark or Hadoop.
 *
 * <pre>{@code
 * S3Settings lake = S3Settings.of("s3a://data-lake/recomendacao/",
 *     Map.of("region", "sa-east-1"), SecretProviders.defaults());
 * lake.hadoopConfiguration().forEach(spark.sparkContext().hadoopConfiguration()::set);
 * }</pre>
 */
@NullMarked
package io.quarentena.connectors.s3;

import org.jspecify.annotations.NullMarked;
