/**
 * Implementation details of quarentena-job: reading configured sources through the connectors,
 * carry-forward, the truncation guard, PII settings, run progress. Not a public API: it may change
 * in any release.
 */
@NullMarked
package io.quarentena.job.internal;

import org.jspecify.annotations.NullMarked;
