import { api, type Schemas } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import { filenameFrom } from '../../../admin/src/lib/download';

/**
 * The portal's certificate calls (the generated client): my certificates and their files, and the public
 * verification of a code, whose refusals (unknown, malformed, too many) the page words itself.
 */

export type Verification = Schemas['VerificationDto'];
export type MyCertificate = Schemas['CertificateSummaryDto'];
export type CertificateStatus = Verification['status'];

/** Why a code was not verified: the page has a sentence for each. */
export class VerifyError extends Error {
  constructor(
    readonly kind: 'not-found' | 'malformed' | 'rate-limited',
    readonly retryAfter: number | null = null,
  ) {
    super(kind);
  }
}

/** The public verification; a refusal the page words itself becomes a VerifyError (others stay ApiError). */
export async function verifyCertificate(code: string): Promise<Verification> {
  const { data, error, response } = await api.GET('/api/v1/certificates/verify/{code}', {
    params: { path: { code } },
  });
  if (response.ok && data) return data;
  const errorCode = (error as { code?: string } | undefined)?.code;
  if (response.status === 404 || errorCode === 'CERTIFICATE_NOT_FOUND') throw new VerifyError('not-found');
  if (errorCode === 'CERTIFICATE_CODE_INVALID') throw new VerifyError('malformed');
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After'));
    throw new VerifyError('rate-limited', Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null);
  }
  throw new ApiError(response.status, (error ?? {}) as ConstructorParameters<typeof ApiError>[1]);
}

export const myCertificatesQuery = {
  queryKey: ['my-certificates'],
  queryFn: () => unwrap(api.GET('/api/v1/certificates/mine')),
};

/** The PDF (as the API names it) or the signed credential saved as a JSON file. */
export async function downloadCertificateFile(
  certificateId: string,
  kind: 'pdf' | 'credential',
  code: string,
): Promise<{ blob: Blob; filename: string }> {
  if (kind === 'credential') {
    const credential = await unwrap(
      api.GET('/api/v1/certificates/{certificateId}/credential', { params: { path: { certificateId } } }),
    );
    const blob = new Blob([JSON.stringify(credential, null, 2)], { type: 'application/json' });
    return { blob, filename: `chung-nhan-so-${code}.json` };
  }
  const { data, error, response } = await api.GET('/api/v1/certificates/{certificateId}/pdf', {
    params: { path: { certificateId } },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) {
    const raw: unknown = error;
    const body =
      raw instanceof Blob
        ? await raw
            .text()
            .then((t) => JSON.parse(t) as unknown)
            .catch(() => null)
        : raw;
    throw new ApiError(response.status, (body ?? {}) as ConstructorParameters<typeof ApiError>[1]);
  }
  return { blob: data, filename: filenameFrom(response, `chung-nhan-${code}.pdf`) };
}
