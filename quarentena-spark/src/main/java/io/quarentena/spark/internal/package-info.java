/**
 * Implementation details of quarentena-spark: standardizing sources, translating rules into
 * columns, the Delta plumbing and the job's configuration. Not a public API: it may change in any
 * release.
 */
@NullMarked
package io.quarentena.spark.internal;

import org.jspecify.annotations.NullMarked;
