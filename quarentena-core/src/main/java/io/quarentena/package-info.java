/**
 * Quarentena core: channels, quarantine rules and policies, contact events, quarantine entries,
 * suppression decisions and the in-process check {@link io.quarentena.Quarantine}.
 */
@NullMarked
package io.quarentena;

import org.jspecify.annotations.NullMarked;
