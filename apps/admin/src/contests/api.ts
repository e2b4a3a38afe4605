import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { filenameFrom, saveBlob } from '../lib/download';

export type ManagedContest = Schemas['ManagedContestDto'];
export type ManagedRound = Schemas['ManagedRoundDto'];
export type RoundSettings = Schemas['RoundSettingsDto'];
export type CreateRound = Schemas['CreateRoundDto'];
export type UpdateRound = Schemas['UpdateRoundDto'];
export type BlueprintEntry = Schemas['BlueprintEntryDto'];
export type RoundPhase = ManagedRound['phase'];

export const contestKeys = {
  list: ['contests', 'managed'] as const,
  settings: (roundId: string) => ['rounds', roundId, 'settings'] as const,
  progress: (roundId: string, depth: number) => ['rounds', roundId, 'progress', depth] as const,
  round: (roundId: string) => ['rounds', roundId] as const,
};

/** The contest screens' calls, through the generated client. */
export const contestApi = {
  list: () => unwrap(api.GET('/api/v1/manage/contests')),
  createContest: (body: Schemas['CreateContestDto']) => unwrap(api.POST('/api/v1/contests', { body })),
  updateContest: (contestId: string, body: Schemas['UpdateContestDto']) =>
    unwrap(api.PATCH('/api/v1/contests/{contestId}', { params: { path: { contestId } }, body })),
  settings: (roundId: string) => unwrap(api.GET('/api/v1/manage/rounds/{roundId}', { params: { path: { roundId } } })),
  createRound: (contestId: string, body: CreateRound) =>
    unwrap(api.POST('/api/v1/contests/{contestId}/rounds', { params: { path: { contestId } }, body })),
  updateRound: (roundId: string, body: UpdateRound) =>
    unwrap(api.PATCH('/api/v1/rounds/{roundId}', { params: { path: { roundId } }, body })),
  checkBlueprint: (body: Schemas['BlueprintCheckDto']) => unwrap(api.POST('/api/v1/rounds/blueprint-check', { body })),
  progress: (roundId: string, depth: number) =>
    unwrap(api.GET('/api/v1/rounds/{roundId}/progress', { params: { path: { roundId }, query: { depth } } })),
  close: (roundId: string) => unwrap(api.POST('/api/v1/rounds/{roundId}/close', { params: { path: { roundId } } })),
  ranking: (roundId: string) =>
    unwrap(api.GET('/api/v1/rounds/{roundId}/ranking', { params: { path: { roundId }, query: { limit: 1000 } } })),
  unitStats: (roundId: string) =>
    unwrap(api.GET('/api/v1/rounds/{roundId}/unit-stats', { params: { path: { roundId }, query: {} } })),
  prizes: (roundId: string) => unwrap(api.GET('/api/v1/rounds/{roundId}/prizes', { params: { path: { roundId } } })),
  setPrizes: (roundId: string, body: Schemas['PrizeConfigDto']) =>
    unwrap(api.POST('/api/v1/rounds/{roundId}/prizes', { params: { path: { roundId } }, body })),
  items: (roundId: string) =>
    unwrap(api.GET('/api/v1/rounds/{roundId}/item-report', { params: { path: { roundId } } })),
  flags: (roundId: string) =>
    unwrap(api.GET('/api/v1/rounds/{roundId}/flag-report', { params: { path: { roundId } } })),
  regrade: (roundId: string) => unwrap(api.POST('/api/v1/rounds/{roundId}/regrade', { params: { path: { roundId } } })),
  banks: () => unwrap(api.GET('/api/v1/question-banks')),
  searchUnits: (q: string) => unwrap(api.GET('/api/v1/units/search', { params: { query: { q, limit: 20 } } })),
  categories: (bankId: string) =>
    unwrap(api.GET('/api/v1/question-banks/{bankId}/categories', { params: { path: { bankId } } })),
  async download(roundId: string, which: 'results' | 'unit-stats'): Promise<void> {
    const call =
      which === 'results'
        ? api.GET('/api/v1/rounds/{roundId}/results.xlsx', { params: { path: { roundId } }, parseAs: 'blob' })
        : api.GET('/api/v1/rounds/{roundId}/unit-stats.xlsx', { params: { path: { roundId } }, parseAs: 'blob' });
    const { response } = await call;
    const blob = await unwrap(call);
    saveBlob(blob as Blob, filenameFrom(response, `${which}-${roundId}.xlsx`));
  },
};
