import { Injectable } from '@nestjs/common';
import type { LivePlayerRecord } from '../state/live-state.store.js';

/** The records a close ranked, kept by the instance that closed: see `KeptStandings`. */
export interface KeptStanding {
  index: number;
  roster: number;
  players: LivePlayerRecord[];
  ordered: LivePlayerRecord[];
}

/**
 * Game id → the closer's records of every player after the scores of question `index`, which it wrote itself
 * (`ordered`: the ranked ones), with the roster version they were read at. Its local players get their results from
 * them, and its next close starts from them: no player is read again unless someone joined, was kicked or got extra
 * time. A plain Map, shared by the closer and the results it sends.
 */
@Injectable()
export class KeptStandings extends Map<string, KeptStanding> {}
