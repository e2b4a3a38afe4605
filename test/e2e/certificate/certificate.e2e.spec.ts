import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { DOMAIN_EVENTS, type CourseCompletedEvent } from '../../../libs/contracts/src/index.js';
import { JobQueue } from '../../../libs/core/src/index.js';
import { CertificateBatches } from '../../../libs/certificate/src/index.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { rightOption, seedContest, wrongOption } from '../contest/contest-fixture.js';

interface Question {
  id: string;
  options?: { id: string; text: string }[];
}

const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A distinct client address per call (the app believes X-Forwarded-For from loopback, like nginx's). */
let addressCounter = 0;
const freshAddress = () => `10.77.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

const TEMPLATE = {
  title: 'Giấy chứng nhận',
  body: 'Sinh ngày {{birthDate}} — {{unit}}\nĐã đạt {{prize}} (hạng {{rank}}, {{score}} điểm) {{achievement}}',
  issuerName: 'Ban Thường vụ Thành đoàn Thử Nghiệm',
  signerName: 'Trần Văn Hưởng',
  signerTitle: 'Bí thư Thành đoàn',
  orientation: 'landscape',
};

describe('certificates (e2e)', () => {
  let t: TestApp;
  let units: Record<string, string>;
  let admin: SeededUser;
  let orgD1: SeededUser;
  let orgD2: SeededUser;
  let roundId: string;
  let newRound: (over: Record<string, unknown>) => Promise<string>;
  let templateId: string;
  const people: SeededUser[] = [];
  let minor: SeededUser;
  let n = 0;

  const person = (unit: string, over: { fullName?: string; birthDate?: string } = {}) =>
    createUser(t, {
      username: `cn${++n}x${Date.now() % 100000}`,
      roles: ['participant'],
      unitId: units[unit]!,
      ...over,
    });

  /** Plays a whole attempt with `right` questions right, and submits it. */
  const play = async (u: SeededUser, round: string, right: number) => {
    const s = await t.http.post(`/api/v1/rounds/${round}/attempts`).set(auth(u)).send({}).expect(201);
    for (const [i, q] of (s.body.questions as Question[]).entries())
      await t.http
        .put(`/api/v1/attempts/${s.body.attemptId}/answers/${q.id}`)
        .set(auth(u))
        .send({ optionIds: [i < right ? rightOption(q) : wrongOption(q)] })
        .expect(200);
    await t.http.post(`/api/v1/attempts/${s.body.attemptId}/submit`).set(auth(u)).send({ prediction: 1 }).expect(200);
  };

  const waitForBatch = async (batchId: string) => {
    for (let i = 0; i < 300; i++) {
      const b = await t.http.get(`/api/v1/certificate-batches/${batchId}`).set(auth(admin)).expect(200);
      if (b.body.status === 'done' || b.body.status === 'failed') return b.body;
      await sleep(100);
    }
    throw new Error('batch did not finish');
  };

  const verify = (code: string, address = freshAddress()) =>
    t.http.get(`/api/v1/certificates/verify/${encodeURIComponent(code)}`).set('X-Forwarded-For', address);

  const mine = async (u: SeededUser) => (await t.http.get('/api/v1/certificates/mine').set(auth(u)).expect(200)).body;
  /** The person's certificate of the first round (a later test issues a second round's too). */
  const weekOne = async (u: SeededUser) =>
    ((await mine(u)) as { achievement: string }[]).filter((c) => c.achievement.endsWith('Tuần 1')) as {
      id: string;
      code: string;
      achievement: string;
    }[];

  beforeAll(async () => {
    t = await startTestApp({
      PUBLIC_URL: 'https://haidang.example/',
      CERTIFICATE_VERIFY_BURST: '12',
      CERTIFICATE_VERIFY_PER_SECOND: '1',
    });
    const seeded = await seedContest(t, 'Cuộc thi tìm hiểu Luật An ninh mạng');
    units = seeded.units as Record<string, string>;
    admin = seeded.world.admin;
    newRound = seeded.newRound;
    orgD1 = await createUser(t, { username: 'tochuc-d1', roles: ['organizer'], unitId: units['d1']! });
    orgD2 = await createUser(t, { username: 'tochuc-d2', roles: ['organizer'], unitId: units['d2']! });
    roundId = await newRound({ maxAttempts: 1 });
    for (const [i, unit] of ['d1/w1', 'd1/w2', 'd2/w1', 'd1/w1'].entries()) {
      const p = await person(unit, { fullName: ['Nguyễn Văn An', 'Lê Thị Bích', 'Phạm Đức Cường', 'Đỗ Thu Hà'][i] });
      people.push(p);
    }
    minor = await person('d2/s1', { fullName: 'Trần Thị Bình', birthDate: '2013-04-01' });
    people.push(minor);
    // Distinct scores: person i answers 5 - i questions right (the minor 1).
    for (const [i, p] of people.entries()) await play(p, roundId, 5 - i);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('templates', () => {
    it('refuses an unknown field when saving, with a stable code and a Vietnamese message, and saves nothing', async () => {
      const before = (await t.http.get('/api/v1/certificate-templates').set(auth(admin)).expect(200)).body.length;
      const res = await t.http
        .post('/api/v1/certificate-templates')
        .set(auth(admin))
        .send({ ...TEMPLATE, body: 'Trao cho {{hoTen}} — {{ fullName }} {{hoTen}} {{}}' })
        .expect(400);
      expect(res.body.code).toBe('CERTIFICATE_TEMPLATE_FIELD_UNKNOWN');
      expect(res.body.message).toMatch(/trường/i);
      expect(res.body.details.map((d: { text: string }) => d.text)).toEqual(['{{hoTen}}', '{{}}']);
      expect(res.body.details[0]).toMatchObject({ field: 'body' });
      expect((await t.http.get('/api/v1/certificate-templates').set(auth(admin))).body).toHaveLength(before);
      const preview = await t.http
        .post('/api/v1/certificate-templates/preview')
        .set(auth(admin))
        .send({ ...TEMPLATE, signerTitle: '{{chucVu}}' });
      expect(preview.body.code).toBe('CERTIFICATE_TEMPLATE_FIELD_UNKNOWN');
    });

    it('creates a template, lists its fields, and previews it as a PDF with sample data', async () => {
      const created = await t.http.post('/api/v1/certificate-templates').set(auth(admin)).send(TEMPLATE).expect(201);
      templateId = created.body.id;
      const fields = await t.http.get('/api/v1/certificate-templates/fields').set(auth(admin)).expect(200);
      expect(fields.body.map((f: { placeholder: string }) => f.placeholder)).toContain('{{fullName}}');
      const preview = await t.http
        .get(`/api/v1/certificate-templates/${templateId}/preview`)
        .set(auth(admin))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(preview.headers['content-type']).toBe('application/pdf');
      expect((preview.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('keeps templates inside the organizer’s subtree', async () => {
      const own = await t.http
        .post('/api/v1/certificate-templates')
        .set(auth(orgD2))
        .send({ ...TEMPLATE, title: 'Mẫu quận Hai' })
        .expect(201);
      expect((await t.http.get(`/api/v1/certificate-templates/${own.body.id}`).set(auth(orgD1))).body.code).toBe(
        'CERTIFICATE_TEMPLATE_NOT_FOUND',
      );
      const listed = await t.http.get('/api/v1/certificate-templates').set(auth(orgD1)).expect(200);
      expect(listed.body.map((x: { id: string }) => x.id)).not.toContain(own.body.id);
      const outside = await t.http
        .post('/api/v1/certificate-templates')
        .set(auth(orgD1))
        .send({ ...TEMPLATE, unitId: units['d2'] });
      expect(outside.body.code).toBe('OUT_OF_SCOPE');
      expect((await t.http.get('/api/v1/certificate-templates').set(auth(people[0]!))).status).toBe(403);
    });

    it('refuses an image that is not PNG or JPEG', async () => {
      const res = await t.http
        .post('/api/v1/certificate-images')
        .set(auth(admin))
        .attach('file', Buffer.from('<svg onload="alert(1)"/>'), 'logo.png');
      expect(res.body.code).toBe('CERTIFICATE_IMAGE_INVALID');
      const broken = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(64, 7),
      ]);
      const truncated = await t.http
        .post('/api/v1/certificate-images')
        .set(auth(admin))
        .attach('file', broken, 'a.png');
      expect(truncated.body.code).toBe('CERTIFICATE_IMAGE_INVALID');
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      );
      const ok = await t.http
        .post('/api/v1/certificate-images')
        .set(auth(admin))
        .attach('file', png, 'a.png')
        .expect(201);
      const withEmblem = await t.http
        .post('/api/v1/certificate-templates/preview')
        .set(auth(admin))
        .send({ ...TEMPLATE, emblemImageId: ok.body.id, backgroundImageId: ok.body.id })
        .expect(200);
      expect(withEmblem.headers['content-type']).toBe('application/pdf');
    });
  });

  describe('bulk issue from a ranking', () => {
    it('refuses a ranking that is not frozen, and records no batch', async () => {
      const res = await t.http
        .post(`/api/v1/rounds/${roundId}/certificates`)
        .set(auth(admin))
        .send({ templateId, topN: 3 })
        .expect(409);
      expect(res.body.code).toBe('RANKING_NOT_FROZEN');
      expect((await t.http.get('/api/v1/certificate-batches').set(auth(admin))).body).toHaveLength(0);
    });

    it('refuses unknown rounds and templates, and rounds outside the organizer’s subtree', async () => {
      const unknownRound = await t.http
        .post('/api/v1/rounds/00000000-0000-4000-8000-000000000000/certificates')
        .set(auth(admin))
        .send({ templateId });
      expect(unknownRound.body.code).toBe('ROUND_NOT_FOUND');
      const unknownTemplate = await t.http
        .post(`/api/v1/rounds/${roundId}/certificates`)
        .set(auth(admin))
        .send({ templateId: '00000000-0000-4000-8000-000000000000' });
      expect(unknownTemplate.body.code).toBe('CERTIFICATE_TEMPLATE_NOT_FOUND');
      const bad = await t.http
        .post(`/api/v1/rounds/${roundId}/certificates`)
        .set(auth(admin))
        .send({ templateId, topN: 0 });
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('issues the prize list once per person even when two organizers click at once and the job runs again', async () => {
      await t.http.post(`/api/v1/rounds/${roundId}/close`).set(auth(admin)).expect(200);
      await t.http
        .post(`/api/v1/rounds/${roundId}/prizes`)
        .set(auth(admin))
        .send({ first: 1, second: 1, third: 1, consolation: 2 })
        .expect((r) => expect(r.status).toBeLessThan(300));
      const [a, b] = await Promise.all([
        t.http.post(`/api/v1/rounds/${roundId}/certificates`).set(auth(admin)).send({ templateId }),
        t.http.post(`/api/v1/rounds/${roundId}/certificates`).set(auth(admin)).send({ templateId }),
      ]);
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(a.body).toMatchObject({ total: 5, status: 'queued' });
      const [doneA, doneB] = [await waitForBatch(a.body.id), await waitForBatch(b.body.id)];
      expect(doneA).toMatchObject({ status: 'done', total: 5, done: 5, failed: 0 });
      expect(doneB).toMatchObject({ status: 'done', total: 5, done: 5, failed: 0 });
      // A job delivered again changes nothing.
      await t.app.get(CertificateBatches).runBatch(a.body.id);
      const rows: { userId: string; n: number }[] = await t.dataSource.query(
        `SELECT user_id AS "userId", count(*)::int AS n FROM certificate WHERE achievement_key = $1 GROUP BY user_id`,
        [`round:${roundId}`],
      );
      expect(rows).toHaveLength(5);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      const first = await mine(people[0]!);
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ status: 'active', prize: 'Giải Nhất', rank: 1 });
      expect(first[0].verifyUrl).toBe(`https://haidang.example/verify/${first[0].code}`);
    });

    it('streams a zip of the batch’s PDFs', async () => {
      const batches = (await t.http.get(`/api/v1/certificate-batches?sourceId=${roundId}`).set(auth(admin))).body;
      const withCertificates = [];
      for (const b of batches) {
        const list = await t.http.get(`/api/v1/certificates?batchId=${b.id}`).set(auth(admin)).expect(200);
        if (list.body.total) withCertificates.push({ id: b.id as string, total: list.body.total as number });
      }
      const totals = withCertificates.reduce((s, b) => s + b.total, 0);
      expect(totals).toBe(5);
      const zip = await t.http
        .get(`/api/v1/certificate-batches/${withCertificates[0]!.id}/zip`)
        .set(auth(admin))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const body = zip.body as Buffer;
      expect(body.subarray(0, 2).toString()).toBe('PK');
      const entries = body.toString('latin1').split('PK\u0001\u0002').length - 1;
      expect(entries).toBe(withCertificates[0]!.total);
      expect(
        (await t.http.get(`/api/v1/certificate-batches/${withCertificates[0]!.id}`).set(auth(orgD1))).body.code,
      ).toBe('CERTIFICATE_BATCH_NOT_FOUND');
    });

    it('issues the top N of a frozen ranking (ties at N included)', async () => {
      const other = await newRound({ maxAttempts: 1, title: 'Tuần 2' });
      for (const [i, p] of people.slice(0, 3).entries()) await play(p, other, i === 2 ? 4 : 5);
      await t.http.post(`/api/v1/rounds/${other}/close`).set(auth(admin)).expect(200);
      const batch = await t.http
        .post(`/api/v1/rounds/${other}/certificates`)
        .set(auth(admin))
        .send({ templateId, topN: 1 })
        .expect(202);
      const done = await waitForBatch(batch.body.id);
      // The two perfect papers may share the first place (then both get it): never the third person.
      expect([1, 2]).toContain(done.total);
      expect(done.done).toBe(done.total);
    });
  });

  describe('participants', () => {
    it('downloads their own PDF and credential, and nobody else’s', async () => {
      const [c] = await weekOne(people[1]!);
      const pdf = await t.http.get(`/api/v1/certificates/${c.id}/pdf`).set(auth(people[1]!)).expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toContain('attachment');
      const cred = await t.http.get(`/api/v1/certificates/${c.id}/credential`).set(auth(people[1]!)).expect(200);
      expect(cred.body.credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
      expect(decodeProtectedHeader(cred.body.jwt)).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
      for (const res of [
        await t.http.get(`/api/v1/certificates/${c.id}/pdf`).set(auth(people[0]!)),
        await t.http.get(`/api/v1/certificates/${c.id}/credential`).set(auth(people[0]!)),
        await t.http.get(`/api/v1/certificates/${c.id}/credential`).set(auth(orgD2)),
      ])
        expect(res.body.code).toBe('CERTIFICATE_NOT_FOUND');
      // The contest is the city's: an admin (or a city organizer) may read it.
      await t.http.get(`/api/v1/certificates/${c.id}/credential`).set(auth(admin)).expect(200);
    });
  });

  describe('verification', () => {
    it('shows holder, achievement, issuer, date and status for a real code, typed loosely', async () => {
      const [c] = await weekOne(people[0]!);
      const res = await verify(c.code.toLowerCase().replace(/-/g, ' ')).expect(200);
      expect(res.body).toMatchObject({
        code: c.code,
        status: 'active',
        holder: 'Nguyễn Văn An',
        achievement: 'Cuộc thi tìm hiểu Luật An ninh mạng — Tuần 1',
        issuer: TEMPLATE.issuerName,
        prize: 'Giải Nhất',
        revokedReason: null,
      });
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('shows a minor without consent by initials only', async () => {
      const [c] = await weekOne(minor);
      expect((await verify(c.code).expect(200)).body.holder).toBe('T. T. Bình');
      await t.dataSource.query('UPDATE app_user SET public_name_consent = true WHERE id = $1', [minor.id]);
      expect((await verify(c.code).expect(200)).body.holder).toBe('Trần Thị Bình');
      await t.dataSource.query('UPDATE app_user SET public_name_consent = false WHERE id = $1', [minor.id]);
    });

    it('refuses malformed codes and wrong check characters without a lookup, and answers unknown codes alike', async () => {
      for (const bad of ['abc', 'ZZZZ-ZZZZ-ZZZZ-ZZZ', '%27%20OR%201%3D1', 'x'.repeat(60)]) {
        const res = await verify(bad);
        expect([res.status, res.body.code]).toEqual([400, 'CERTIFICATE_CODE_INVALID']);
      }
      const [c] = await weekOne(people[0]!);
      const raw = c.code.replace(/-/g, '') as string;
      const tampered = raw.slice(0, 3) + (raw[3] === 'A' ? 'B' : 'A') + raw.slice(4);
      expect((await verify(tampered)).body.code).toBe('CERTIFICATE_CODE_INVALID');
    });

    it('gives a guessed code the same answer whether or not a revoked certificate lies next to it', async () => {
      const { checkCharacter } = await import('../../../libs/certificate/src/verification-code.js');
      const [c] = await weekOne(people[3]!);
      await t.http
        .post(`/api/v1/certificates/${c.id}/revoke`)
        .set(auth(admin))
        .send({ reason: 'Cấp nhầm' })
        .expect(200);
      const raw = (c.code as string).replace(/-/g, '');
      // Neighbours of the revoked code with a valid check character: well-formed, never issued.
      const neighbour = (i: number) => {
        const data = raw.slice(0, 12) + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[i]!;
        return data === raw.slice(0, 13) ? null : data + checkCharacter(data);
      };
      const guesses = [neighbour(1), neighbour(2), '0000000000000' + checkCharacter('0000000000000')].filter(
        (g): g is string => g !== null,
      );
      const answers = await Promise.all(guesses.map((g) => verify(g)));
      const strip = (b: Record<string, unknown>) => ({ ...b, correlationId: undefined });
      for (const a of answers) {
        expect(a.status).toBe(404);
        expect(strip(a.body)).toEqual(strip(answers[0]!.body));
        expect(Object.keys(a.headers).sort()).toEqual(Object.keys(answers[0]!.headers).sort());
      }
      expect(answers[0]!.body.code).toBe('CERTIFICATE_NOT_FOUND');
    });

    it('limits lookups per address, malformed ones included, and not other addresses', async () => {
      const address = '10.99.0.1';
      const started = Date.now();
      // A loop guessing codes: 30 at once from one address (the bucket holds 12 and refills 1 a second).
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => verify(i % 2 ? 'bad' : '0000000000000' + '0', address)),
      );
      const seconds = (Date.now() - started) / 1000;
      const limited = answers.filter((a) => a.status === 429);
      expect(limited.every((a) => a.body.code === 'RATE_LIMITED')).toBe(true);
      // Told when to come back: the bucket refills one lookup a second, so within a few seconds, header and body alike.
      expect(limited.length).toBeGreaterThan(0);
      for (const a of limited) {
        const after = Number(a.headers['retry-after']);
        expect(Number.isInteger(after) && after >= 1 && after <= 2).toBe(true);
        expect(a.body.details).toEqual({ retryAfterSeconds: after });
        expect(a.body.message).toContain(`${after} giây`);
      }
      expect(30 - limited.length).toBeGreaterThanOrEqual(12);
      expect(30 - limited.length).toBeLessThanOrEqual(12 + Math.ceil(seconds));
      expect((await verify('bad', '10.99.0.2')).status).toBe(400);
    });
  });

  describe('revocation', () => {
    it('is for organizers of the issuing unit’s subtree, with a reason, audit-logged, and shows at once', async () => {
      const [c] = await weekOne(people[1]!);
      expect(
        (await t.http.post(`/api/v1/certificates/${c.id}/revoke`).set(auth(people[1]!)).send({ reason: 'Tự hủy' }))
          .status,
      ).toBe(403);
      expect(
        (
          await t.http
            .post(`/api/v1/certificates/${c.id}/revoke`)
            .set(auth(orgD1))
            .send({ reason: 'Không thuộc quyền' })
        ).body.code,
      ).toBe('CERTIFICATE_NOT_FOUND');
      expect((await t.http.post(`/api/v1/certificates/${c.id}/revoke`).set(auth(admin)).send({})).body.code).toBe(
        'VALIDATION_FAILED',
      );
      const credential = (await t.http.get(`/api/v1/certificates/${c.id}/credential`).set(auth(people[1]!))).body;
      const statusUrl = new URL(credential.credential.credentialStatus.statusListCredential as string);
      const index = Number(credential.credential.credentialStatus.statusListIndex);
      const bit = async () => {
        const jwt = (await t.http.get(statusUrl.pathname).expect(200)).text;
        const list = await decodeList({
          encodedList: (decodeJwt(jwt) as { credentialSubject: { encodedList: string } }).credentialSubject.encodedList,
        });
        return list.getStatus(index);
      };
      expect(await bit()).toBe(false);
      const revoked = await t.http
        .post(`/api/v1/certificates/${c.id}/revoke`)
        .set(auth(admin))
        .send({ reason: 'Phát hiện gian lận trong bài thi' })
        .expect(200);
      expect(revoked.body).toMatchObject({ status: 'revoked', revokedReason: 'Phát hiện gian lận trong bài thi' });
      expect((await verify(c.code).expect(200)).body).toMatchObject({
        status: 'revoked',
        revokedReason: 'Phát hiện gian lận trong bài thi',
      });
      expect(await bit()).toBe(true);
      const audit = await t.dataSource.query(
        "SELECT actor_id, details FROM audit_event WHERE action = 'certificate.revoke' AND target = $1",
        [c.id],
      );
      expect(audit).toEqual([
        { actor_id: admin.id, details: expect.objectContaining({ reason: 'Phát hiện gian lận trong bài thi' }) },
      ]);
      const again = await t.http
        .post(`/api/v1/certificates/${c.id}/revoke`)
        .set(auth(admin))
        .send({ reason: 'Lần hai' });
      expect(again.body.code).toBe('CERTIFICATE_ALREADY_REVOKED');
      expect((await mine(people[1]!)).find((x: { id: string }) => x.id === c.id)).toMatchObject({ status: 'revoked' });
    });
  });

  describe('an outside verifier, with only the published keys and status lists', () => {
    /** What a school or employer does with a credential file: no account, only public URLs. */
    const check = async (jwt: string) => {
      const jwks = (await t.http.get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet;
      const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
      expect(protectedHeader.typ).toBe('vc+jwt');
      const status = payload.credentialStatus as {
        statusListCredential: string;
        statusListIndex: string;
        type: string;
      };
      expect(status.type).toBe('BitstringStatusListEntry');
      const listJwt = (await t.http.get(new URL(status.statusListCredential).pathname).expect(200)).text;
      const list = await jwtVerify(listJwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
      expect(list.payload.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
      const subject = list.payload.credentialSubject as { encodedList: string; statusPurpose: string };
      expect(subject.statusPurpose).toBe('revocation');
      const bits = await decodeList({ encodedList: subject.encodedList });
      return { payload, revoked: bits.getStatus(Number(status.statusListIndex)) };
    };

    it('verifies an issued credential and reads its status; a revoked one is flagged', async () => {
      const [active] = await weekOne(people[0]!);
      const cred = (await t.http.get(`/api/v1/certificates/${active.id}/credential`).set(auth(people[0]!))).body;
      const ok = await check(cred.jwt);
      expect(ok.revoked).toBe(false);
      expect(ok.payload).toMatchObject({
        '@context': ['https://www.w3.org/ns/credentials/v2', expect.stringContaining('ob/v3p0')],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { type: ['Profile'], name: TEMPLATE.issuerName },
        credentialSubject: { type: ['AchievementSubject'], achievement: { type: ['Achievement'] } },
      });
      const issuer = (ok.payload.issuer as { id: string }).id;
      const profile = await t.http.get(new URL(issuer).pathname).expect(200);
      expect(profile.body).toMatchObject({ id: issuer, type: ['Profile'] });
      const [revoked] = await weekOne(people[1]!);
      const credRevoked = (await t.http.get(`/api/v1/certificates/${revoked.id}/credential`).set(auth(people[1]!)))
        .body;
      expect((await check(credRevoked.jwt)).revoked).toBe(true);
    });

    it('refuses a tampered credential', async () => {
      const [c] = await weekOne(people[2]!);
      const { jwt } = (await t.http.get(`/api/v1/certificates/${c.id}/credential`).set(auth(people[2]!))).body;
      const [h, p, s] = (jwt as string).split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      payload.credentialSubject.name = 'Người Khác';
      const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      await expect(check(forged)).rejects.toThrow(/signature/i);
    });

    it('keeps older credentials verifiable after a rotation; a revoked key makes its credentials fail', async () => {
      const [c] = await weekOne(people[2]!);
      const { jwt } = (await t.http.get(`/api/v1/certificates/${c.id}/credential`).set(auth(people[2]!))).body;
      const oldKid = decodeProtectedHeader(jwt).kid!;
      expect((await t.http.post('/api/v1/certificate-keys/rotate').set(auth(orgD1))).status).toBe(403);
      const rotated = await t.http.post('/api/v1/certificate-keys/rotate').set(auth(admin)).expect(200);
      expect(rotated.body.kid).not.toBe(oldKid);
      const jwks = (await t.http.get('/.well-known/jwks.json').expect(200)).body;
      expect(jwks.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([oldKid, rotated.body.kid].sort());
      expect((await check(jwt)).revoked).toBe(false);
      // A credential issued now is signed with the new key.
      const course: CourseCompletedEvent = {
        completionId: '11111111-1111-4111-8111-111111111111',
        courseId: '22222222-2222-4222-8222-222222222222',
        courseTitle: 'Kỹ năng an toàn trên không gian mạng',
        userId: people[4]!.id,
        unitId: units['d2/s1']!,
        population: 'teens',
        planTargets: ['đ'],
        scorePercent: 90,
        completedAt: new Date().toISOString(),
        certificateTemplateId: templateId,
      };
      await t.app.get(JobQueue).publish(DOMAIN_EVENTS.courseCompleted, course);
      await t.app.get(JobQueue).publish(DOMAIN_EVENTS.courseCompleted, course);
      let fromCourse: { id: string }[] = [];
      for (let i = 0; i < 100 && fromCourse.length === 0; i++) {
        fromCourse = (await mine(people[4]!)).filter(
          (x: { achievement: string }) => x.achievement === course.courseTitle,
        );
        await sleep(100);
      }
      await sleep(1500); // the second delivery has had its chance
      expect(
        (await mine(people[4]!)).filter((x: { achievement: string }) => x.achievement === course.courseTitle),
      ).toHaveLength(1);
      const fresh = (await t.http.get(`/api/v1/certificates/${fromCourse[0]!.id}/credential`).set(auth(people[4]!)))
        .body;
      expect(decodeProtectedHeader(fresh.jwt).kid).toBe(rotated.body.kid);
      expect((await check(fresh.jwt)).revoked).toBe(false);

      await t.http
        .post(`/api/v1/certificate-keys/${encodeURIComponent(oldKid)}/revoke`)
        .set(auth(admin))
        .send({ reason: 'Lộ khóa bí mật' })
        .expect(204);
      const after = (await t.http.get('/.well-known/jwks.json').expect(200)).body;
      expect(after.keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.body.kid]);
      await expect(check(jwt)).rejects.toThrow();
      expect((await verify(c.code).expect(200)).body).toMatchObject({
        status: 'revoked',
        revokedReason: expect.stringContaining('Khóa ký'),
      });
      // A verifier holding the old keys still learns it from the status list.
      const status = decodeJwt(jwt).credentialStatus as { statusListCredential: string; statusListIndex: string };
      const listJwt = (await t.http.get(new URL(status.statusListCredential).pathname).expect(200)).text;
      const bits = await decodeList({
        encodedList: (decodeJwt(listJwt).credentialSubject as { encodedList: string }).encodedList,
      });
      expect(bits.getStatus(Number(status.statusListIndex))).toBe(true);
      expect((await check(fresh.jwt)).revoked).toBe(false);
      const audit = await t.dataSource.query(
        "SELECT action FROM audit_event WHERE action LIKE 'certificate.key.%' ORDER BY id",
      );
      expect(audit.map((a: { action: string }) => a.action).sort()).toEqual([
        'certificate.key.revoke',
        'certificate.key.rotate',
      ]);
    });
  });
});
