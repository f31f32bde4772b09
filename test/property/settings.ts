/**
 * Run settings shared by the property tests: a fixed seed (override with PROPERTY_SEED to explore, or to
 * replay a failure together with the path fast-check prints), and run counts that keep the whole folder near
 * 20 seconds in CI (PROPERTY_RUNS_FACTOR scales them for a longer local search).
 */
import type { Parameters } from "fast-check";

export const SEED = process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) : 20_260_905;
const FACTOR = process.env.PROPERTY_RUNS_FACTOR !== undefined ? Number(process.env.PROPERTY_RUNS_FACTOR) : 1;

/** fast-check prints the seed, the path and the counterexample when a property fails. */
export function runs<T>(numRuns: number): Parameters<T> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * FACTOR)), endOnFailure: false, verbose: 1 };
}
