/**
 * Simulating a rule change before applying it: a {@link io.quarentena.simulation.PolicySimulation}
 * compares the entries of the current and of a candidate policy on the same contacts and load date
 * and tells who is released, who is newly held, how the audience evolves over the next days under
 * each policy and how the rules differ, with a self-contained HTML report ({@link
 * io.quarentena.simulation.SimulationReport}).
 */
@NullMarked
package io.quarentena.simulation;

import org.jspecify.annotations.NullMarked;
