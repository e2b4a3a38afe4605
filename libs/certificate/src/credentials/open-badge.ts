import { createHash, randomBytes } from 'node:crypto';

/** JSON-LD contexts of a VC 2.0 Open Badges 3.0 credential. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export interface CredentialInput {
  certificateId: string;
  issuer: { id: string; name: string; url: string };
  holder: { userId: string; name: string };
  achievement: { key: string; name: string; description: string; criteria: string };
  issuedAt: Date;
  expiresAt: Date | null;
  status: { listUrl: string; index: number };
  verifyUrl: string;
  rank: number | null;
  score: number | null;
  prizeLabel: string | null;
}

/**
 * An OpenBadgeCredential in the W3C Verifiable Credentials 2.0 data model, to be signed as a VC-JWT (the credential
 * is the JWT payload). The holder is named (as shown in public: initials for a minor without consent) and identified
 * by a salted hash of their account id, so the credential ties to the person without publishing the id.
 */
export function openBadgeCredential(input: CredentialInput): Record<string, unknown> {
  const salt = randomBytes(8).toString('hex');
  const identityHash = createHash('sha256')
    .update(input.holder.userId + salt)
    .digest('hex');
  const results: Record<string, unknown>[] = [];
  if (input.prizeLabel) results.push({ type: ['Result'], value: input.prizeLabel });
  if (input.rank !== null) results.push({ type: ['Result'], value: `Hạng ${input.rank}` });
  if (input.score !== null) results.push({ type: ['Result'], value: `Điểm ${input.score}` });
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: `urn:uuid:${input.certificateId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.achievement.name,
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name, url: input.issuer.url },
    validFrom: input.issuedAt.toISOString(),
    ...(input.expiresAt ? { validUntil: input.expiresAt.toISOString() } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: input.holder.name,
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: `sha256$${identityHash}`,
          identityType: 'identifier',
          hashed: true,
          salt,
        },
      ],
      achievement: {
        id: `urn:haidang:achievement:${input.achievement.key}`,
        type: ['Achievement'],
        name: input.achievement.name,
        description: input.achievement.description,
        criteria: { narrative: input.achievement.criteria },
      },
      ...(results.length ? { result: results } : {}),
    },
    credentialStatus: {
      id: `${input.status.listUrl}#${input.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.status.index),
      statusListCredential: input.status.listUrl,
    },
    evidence: [{ id: input.verifyUrl, type: ['Evidence'], name: 'Trang xác minh công khai' }],
  };
}

/** The issuer's public profile (Open Badges Profile), published at its id. */
export function issuerProfile(id: string, name: string, url: string): Record<string, unknown> {
  return { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], id, type: ['Profile'], name, url };
}

/** A BitstringStatusListCredential (W3C Bitstring Status List v1.0) for revocation, to be signed as a VC-JWT. */
export function statusListCredential(
  url: string,
  issuer: string,
  encodedList: string,
  now: Date,
): Record<string, unknown> {
  return {
    '@context': [VC_V2_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: now.toISOString(),
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  };
}
