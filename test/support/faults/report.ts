import type { Violation } from '../invariants.js';

/** What one fault scenario ends with: the figures bench/RESULTS.md records and the violations a test asserts empty. */
export interface FaultReport {
  scenario: string;
  faultsInjected: number;
  /** No invariant violated, and the scenario's own condition held (e.g. no 5xx to an innocent). */
  survived: boolean;
  acknowledged: number;
  lost: number;
  duplicates: number;
  violations: Violation[];
  extra: Record<string, number>;
}

export function report(
  scenario: string,
  faultsInjected: number,
  acknowledged: number,
  violations: Violation[],
  extra: Record<string, number>,
  conditionHeld = true,
): FaultReport {
  return {
    scenario,
    faultsInjected,
    survived: conditionHeld && violations.length === 0,
    acknowledged,
    lost: violations.filter((v) => v.invariant === 'acknowledged-answer-missing').length,
    duplicates: violations.filter((v) => v.invariant === 'duplicate').length,
    violations,
    extra,
  };
}
