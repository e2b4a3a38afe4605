import type { Population } from '#contracts';
import { PortKey } from './port-registry.js';

/** Distinct people per unit (the unit they took part under) and population. */
export interface ContestParticipationRow {
  unitId: string;
  population: Population | null;
  participants: number;
}

/**
 * What reporting reads of contest participation (contest owns the tables and provides this at start). Only closed
 * rounds count: their rankings are frozen, so the answer changes only when a round closes, which `version` reflects.
 */
export interface ContestParticipationPort {
  /** People who took part in at least one round closed in [from, to), each counted once, under their first round's unit. */
  participantsByUnit(from: Date, to: Date): Promise<ContestParticipationRow[]>;
  /** Changes whenever `participantsByUnit` may answer differently; cheap, read on every report. */
  version(): Promise<string>;
}

export const CONTEST_PARTICIPATION_PORT = new PortKey<ContestParticipationPort>('contest.participation');
