import type { ErrorDetail } from '#contracts';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { filenameFrom } from '../lib/download';

/**
 * The certificate screens' calls to the API (the generated client) and what the pages need around them: the
 * template fields and their placeholder syntax, the pickers' sources, a template's label.
 */

/** The fields a template's body may use, in the order the designer offers them (GET /certificate-templates/fields). */
export const CERTIFICATE_FIELDS = [
  'fullName',
  'birthDate',
  'unit',
  'achievement',
  'rank',
  'prize',
  'score',
  'date',
  'signerName',
  'signerTitle',
  'code',
] as const;
export type CertificateField = (typeof CERTIFICATE_FIELDS)[number];

export const placeholder = (name: string) => `{{${name}}}`;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The refused field names: those the API named in its details (`text` is the `{{…}}` it found), else every
 * `{{…}}` in the body that is not a known field.
 */
export function unknownFields(body: string, details: ErrorDetail[]): string[] {
  const fromApi = details
    .map((d) => (d as ErrorDetail & { text?: unknown }).text)
    .filter((text): text is string => typeof text === 'string')
    .map((text) => text.replace(/^\{\{\s*|\s*\}\}$/g, ''));
  if (fromApi.length) return [...new Set(fromApi)];
  const known = new Set<string>(CERTIFICATE_FIELDS);
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.has(name)))];
}

export const IMAGE_KINDS = ['emblem', 'background'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];
export const IMAGE_FIELD = { emblem: 'emblemImageId', background: 'backgroundImageId' } as const;
/** The API's limit for an emblem or a background (CERTIFICATE_IMAGE_INVALID above it). */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;

export type Template = Schemas['CertificateTemplateDto'];
type TemplateInput = Schemas['CertificateTemplateInputDto'];
/** The input as the API reads it (its generated type says `Record<string, never>` for the nullable ids and months). */
export type TemplateDraft = Omit<TemplateInput, 'emblemImageId' | 'backgroundImageId' | 'validMonths'> & {
  emblemImageId: string | null;
  backgroundImageId: string | null;
  validMonths: number | null;
};
const asInput = (draft: TemplateDraft) => draft as unknown as TemplateInput;
export type Orientation = Template['orientation'];

/** A template as a picker names it: its heading and the start of its body (templates have no name of their own). */
export function templateLabel(template: Pick<Template, 'title' | 'body'>): string {
  const start = template.body.replace(/\s+/g, ' ').trim();
  return `${template.title} — ${start.length > 60 ? `${start.slice(0, 60)}…` : start}`;
}

export const templatesQuery = {
  queryKey: ['certificate-templates'],
  queryFn: () => unwrap(api.GET('/api/v1/certificate-templates')),
};

export const templateQuery = (templateId: string) => ({
  queryKey: ['certificate-template', templateId],
  queryFn: () => unwrap(api.GET('/api/v1/certificate-templates/{templateId}', { params: { path: { templateId } } })),
});

export const createTemplate = (draft: TemplateDraft) =>
  unwrap(api.POST('/api/v1/certificate-templates', { body: asInput(draft) }));

export const updateTemplate = (templateId: string, draft: TemplateDraft) =>
  unwrap(
    api.PUT('/api/v1/certificate-templates/{templateId}', { params: { path: { templateId } }, body: asInput(draft) }),
  );

/** Stores an emblem or a background; the answer's id goes into the template. */
export const uploadImage = (file: File) =>
  unwrap(
    api.POST('/api/v1/certificate-images', {
      // The generated type says string (OpenAPI "binary"); the browser sends the File itself as multipart.
      body: { file: file as unknown as string },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', (body as { file: unknown }).file as File);
        return form;
      },
    }),
  );

/** A stored image, fetched with the bearer token (an <img src> could not send it). */
export async function imageBlob(imageId: string): Promise<Blob> {
  const { data, response } = await api.GET('/api/v1/certificate-images/{imageId}', {
    params: { path: { imageId } },
    parseAs: 'blob',
  });
  if (!response.ok || !data) throw new Error(`HTTP ${response.status}`);
  return data as Blob;
}

/** With parseAs: 'blob' an error body arrives as a Blob too: read back as the API's JSON error. */
async function blobOrThrow(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<Blob> {
  const { data, error, response } = await call;
  if (response.ok && data instanceof Blob) return data;
  let body: unknown = error;
  const raw: unknown = error;
  if (raw instanceof Blob)
    body = await raw
      .text()
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => null);
  return unwrap(Promise.resolve({ error: body ?? { message: `HTTP ${response.status}` }, response })) as never;
}

/** The PDF the API makes from a draft (saved or not) with sample data. */
export async function previewTemplate(body: TemplateDraft): Promise<{ blob: Blob; filename: string }> {
  const call = api.POST('/api/v1/certificate-templates/preview', { body: asInput(body), parseAs: 'blob' });
  const blob = await blobOrThrow(call);
  return {
    blob,
    filename: filenameFrom((await call).response, 'xem-thu-chung-nhan.pdf').replace(/^xem-truoc/, 'xem-thu'),
  };
}

export interface SourceRound {
  id: string;
  title: string;
  contestTitle: string;
  closesAt: string;
  participants: number;
}
export interface SourceGame {
  id: string;
  title: string;
  endedAt: string;
  playerCount: number;
  /** Of the ranked players, those who played signed in: only they can be given a certificate. */
  signedInCount: number;
}

/**
 * What can be issued from: the closed rounds (ranking frozen) of the contests the organizer manages, and the live
 * games that ended with results in their subtree, newest first.
 */
export const sourcesQuery = {
  queryKey: ['certificate-sources'],
  queryFn: async (): Promise<{ rounds: SourceRound[]; games: SourceGame[] }> => {
    const [contests, games] = await Promise.all([
      unwrap(api.GET('/api/v1/manage/contests')),
      unwrap(api.GET('/api/v1/live-games/finished')),
    ]);
    const rounds = contests
      .flatMap((c) =>
        c.rounds
          .filter((r) => r.phase === 'closed')
          .map((r) => ({
            id: r.id,
            title: r.title,
            contestTitle: c.title,
            closesAt: r.closesAt,
            participants: r.participants,
          })),
      )
      .sort((a, b) => b.closesAt.localeCompare(a.closesAt));
    return {
      rounds,
      games: games.map((g) => ({
        id: g.gameId,
        title: g.title,
        endedAt: g.endedAt,
        playerCount: g.playerCount,
        signedInCount: g.signedInCount,
      })),
    };
  },
  staleTime: 0,
};

/** How many won a prize in a closed round (the "prize list" choice). */
export const prizesQuery = (roundId: string) => ({
  queryKey: ['round-prizes', roundId],
  queryFn: () => unwrap(api.GET('/api/v1/rounds/{roundId}/prizes', { params: { path: { roundId } } })),
});

export const issueFromRound = (roundId: string, body: Schemas['IssueFromRankingDto']) =>
  unwrap(api.POST('/api/v1/rounds/{roundId}/certificates', { params: { path: { roundId } }, body }));

/** Of a finished game's top N, how many are signed-in players (issued to) and how many guests (skipped). */
export const gamePreviewQuery = (gameId: string, topN: number) => ({
  queryKey: ['certificate-game-preview', gameId, topN],
  queryFn: () =>
    unwrap(
      api.GET('/api/v1/live-games/{gameId}/certificates/preview', {
        params: { path: { gameId }, query: { topN } },
      }),
    ),
});

export const issueFromGame = (gameId: string, body: Schemas['IssueFromGameDto']) =>
  unwrap(api.POST('/api/v1/live-games/{gameId}/certificates', { params: { path: { gameId } }, body }));

export type Batch = Schemas['CertificateBatchDto'];

export const batchQuery = (batchId: string) => ({
  queryKey: ['certificate-batch', batchId],
  queryFn: () => unwrap(api.GET('/api/v1/certificate-batches/{batchId}', { params: { path: { batchId } } })),
});

export async function downloadBatchZip(batchId: string): Promise<{ blob: Blob; filename: string }> {
  const call = api.GET('/api/v1/certificate-batches/{batchId}/zip', { params: { path: { batchId } }, parseAs: 'blob' });
  const blob = await blobOrThrow(call);
  return { blob, filename: filenameFrom((await call).response, 'chung-nhan.zip') };
}

export type CertificateRow = Schemas['CertificateSummaryDto'];
export type CertificateStatus = CertificateRow['status'];
export type CertificateSourceKind = 'round' | 'live-game' | 'course';
export const CERTIFICATE_SOURCES = ['round', 'live-game', 'course'] as const;

/** The list's filters as the API names them ('' in the page's address means every one). */
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];
export const CERTIFICATE_STATUSES = ['active', 'revoked', 'expired'] as const satisfies readonly CertificateStatus[];
/** The i18n key of a source (`certificates.sources.*`); the demo data's certificates are their own source. */
export const SOURCE_LABEL = { course: 'course', round: 'round', 'live-game': 'liveGame', demo: 'demo' } as const;

export const certificatesQuery = (filters: {
  q: string;
  source: CertificateSource | '';
  status: CertificateStatus | '';
  page: number;
}) => ({
  queryKey: ['certificates', filters],
  queryFn: () =>
    unwrap(
      api.GET('/api/v1/certificates', {
        params: {
          query: {
            q: filters.q || undefined,
            source: filters.source || undefined,
            status: filters.status || undefined,
            page: filters.page,
          },
        },
      }),
    ),
});

export const revokeCertificate = (certificateId: string, reason: string) =>
  unwrap(
    api.POST('/api/v1/certificates/{certificateId}/revoke', {
      params: { path: { certificateId } },
      body: { reason },
    }),
  );
