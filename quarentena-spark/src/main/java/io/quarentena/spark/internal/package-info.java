/**
 * Implementation details of quarentena-spark: standardizing sources, translating rules into
 * columns, reading sources, the Delta plumbing. Not a public API: it may change in any release.
 */
@NullMarked
package io.quarentena.spark.internal;

import org.jspecify.annotations.NullMarked;
