// SPDX-License-Identifier: GPL-2.0-only
import { Simulation, SimulationOptions } from '../simulation';
import { Topology } from './topology';

/** The models of a checked topology, ready to run. */
export function buildSimulation(topology: Topology, options: SimulationOptions): Simulation {
  return new Simulation(topology, options);
}
