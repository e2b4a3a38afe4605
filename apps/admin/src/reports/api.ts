import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { filenameFrom, saveBlob } from '../lib/download';

export type PlanReport = Schemas['PlanReportDto'];
export type PlanRow = Schemas['PlanRowDto'];
export type PlanFigure = Schemas['PlanFigureDto'];
export type SavePlanEntry = Schemas['SavePlanEntryDto'];

/** The plan report's calls, through the generated client. */
export const reportApi = {
  planTargets: (unitId: string | undefined, year: number) =>
    unwrap(api.GET('/api/v1/reports/plan-targets', { params: { query: { ...(unitId ? { unitId } : {}), year } } })),
  unit: (unitId: string) => unwrap(api.GET('/api/v1/units/{unitId}', { params: { path: { unitId } } })),
  saveEntry: (body: SavePlanEntry) => unwrap(api.PUT('/api/v1/reports/plan-entries', { body })),
  download: async (unitId: string, year: number) => {
    const { data, response, error } = await api.GET('/api/v1/reports/plan-targets.xlsx', {
      params: { query: { unitId, year } },
      parseAs: 'blob',
    });
    if (!response.ok || !data) await unwrap(Promise.resolve({ error, response }));
    saveBlob(data as Blob, filenameFrom(response, `bao-cao-ke-hoach-300-${year}.xlsx`));
  },
};
