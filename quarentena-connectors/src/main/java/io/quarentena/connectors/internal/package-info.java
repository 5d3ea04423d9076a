/**
 * Implementation helpers shared by the connectors. Not an API: anything here may change in any
 * release.
 */
@NullMarked
package io.quarentena.connectors.internal;

import org.jspecify.annotations.NullMarked;
