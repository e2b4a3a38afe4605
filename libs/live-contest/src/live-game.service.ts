import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import type { QuestionSnapshot } from '#contracts';
import { AppError, neutralize, type Principal } from '#core';
import { AccessScopeService, IdentityDirectory } from '#identity';
import { QuestionBankReader } from '#question-bank';
import type {
  CreatedLiveGameDto,
  CreateLiveGameDto,
  ExtraTimeDto,
  FinishedLiveGameDto,
  LiveGameListDto,
  LiveGameViewDto,
  LiveResultsDto,
} from './dto/live-game.dto.js';
import type { LiveGame } from './entities/live-game.entity.js';
import { LiveGameEngine } from './live-game.engine.js';
import { LiveGameRepository } from './live-game.repository.js';
import { LIVE_QUESTION_TYPES } from './live-questions.js';
import { LiveStateStore } from './state/live-state.store.js';
import { mayHostGame } from './host-rules.js';

export const DEMO_LIVE_GAME_TITLE = 'Đố vui Hải Phòng';
export const DEMO_FINISHED_GAME_TITLE = 'Đố vui Hải Phòng — buổi sinh hoạt chi đoàn';

/**
 * The demo's finished game: its final ranking, signed-in demo participants among guests (a tie at second place), so
 * an organizer of Đoàn phường Lê Chân can issue certificates from it and see the guests skipped.
 */
const DEMO_FINISHED_PLAYERS: { username?: string; nickname: string; score: number; correct: number }[] = [
  { username: 'thisinh.an', nickname: 'An Lê Chân', score: 4650, correct: 5 },
  { nickname: 'Hải Âu', score: 3720, correct: 4 },
  { username: 'thisinh.binh', nickname: 'Bình Hoa Phượng', score: 3720, correct: 4 },
  { nickname: 'Sao Biển', score: 2810, correct: 3 },
  { nickname: 'Cá Voi Xanh', score: 940, correct: 1 },
];

/** Where players join: the portal's live page with the PIN filled in. */
export const joinPath = (pin: string) => `/play?pin=${pin}`;

/** Fisher–Yates with a CSPRNG: which questions a game draws is not guessable. */
function shuffled<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Creating live games, the host's view, results and their export (the running part is the engine). */
@Injectable()
export class LiveGameService {
  constructor(
    private readonly repository: LiveGameRepository,
    private readonly reader: QuestionBankReader,
    private readonly store: LiveStateStore,
    private readonly engine: LiveGameEngine,
    private readonly scopes: AccessScopeService,
    private readonly identity: IdentityDirectory,
  ) {}

  /** `principal` is null only for the demo seed (the system, before any account exists). */
  async create(principal: Principal | null, dto: CreateLiveGameDto, origin: string): Promise<CreatedLiveGameDto> {
    // A host plays only banks their unit scope can read, as in the bank module itself.
    if (principal) await this.reader.assertBanksReadable(principal, [dto.bankId]);
    const questions = await this.drawQuestions(principal, dto);
    const settings = {
      bankId: dto.bankId,
      category: dto.category ?? null,
      difficulty: dto.difficulty ?? null,
      questionCount: questions.length,
      questionTimeSeconds: dto.questionTimeSeconds,
      scoring: dto.scoring ?? 'speed',
      streaks: dto.streaks ?? true,
      handPicked: Boolean(dto.questionIds?.length),
    } as const;
    for (let attempt = 0; attempt < 20; attempt++) {
      const pin = String(randomInt(100_000, 1_000_000));
      const game = await this.repository.insertGame({
        pin,
        title: dto.title.normalize('NFC').trim(),
        hostUserId: principal?.userId ?? null,
        unitId: principal?.unitId ?? null,
        bankId: dto.bankId,
        settings,
        questionVersionIds: questions.map((q) => q.versionId),
      });
      if (game) return { gameId: game.id, pin, ...(await this.joinLink(origin, pin)) };
    }
    throw new AppError('SERVER_BUSY');
  }

  private async drawQuestions(principal: Principal | null, dto: CreateLiveGameDto): Promise<QuestionSnapshot[]> {
    const playable = (q: QuestionSnapshot) => LIVE_QUESTION_TYPES.includes(q.type);
    if (dto.questionIds?.length) {
      const picked = await this.reader.getPublished(dto.questionIds);
      // Picked from a bank out of scope: refused as such (not hidden behind "not found"), as the bank module does.
      if (principal)
        await this.reader.assertBanksReadable(
          principal,
          picked.map((q) => q.bankId),
        );
      const usable = picked.filter((q) => q.bankId === dto.bankId && playable(q));
      if (usable.length !== new Set(dto.questionIds).size) {
        throw new AppError('QUESTION_NOT_FOUND', {
          message: 'Chỉ dùng được câu hỏi đã duyệt của ngân hàng này, loại một/nhiều lựa chọn, đúng/sai hoặc số.',
        });
      }
      return usable;
    }
    const pool = (
      await this.reader.publishedPool({ bankId: dto.bankId, category: dto.category, difficulty: dto.difficulty })
    ).filter(playable);
    if (pool.length < dto.questionCount) {
      throw new AppError('BLUEPRINT_UNSATISFIABLE', { available: pool.length, requested: dto.questionCount });
    }
    return shuffled(pool).slice(0, dto.questionCount);
  }

  private async joinLink(origin: string, pin: string): Promise<{ joinUrl: string; qrCode: string }> {
    const joinUrl = `${origin}${joinPath(pin)}`;
    const svg = await QRCode.toString(joinUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { joinUrl, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /** The games this person may host, newest first (an administrator: all of them). */
  async list(principal: Principal, page = 1, pageSize = 20): Promise<LiveGameListDto> {
    const admin = principal.roles.includes('admin');
    const [rows, total] = await this.repository.listHostable(
      admin ? null : principal.userId,
      (page - 1) * pageSize,
      pageSize,
    );
    return {
      items: rows.map((g) => ({
        gameId: g.id,
        title: g.title,
        pin: g.pin,
        status: g.status,
        questionCount: g.questionVersionIds.length,
        playerCount: g.playerCount,
        createdAt: g.createdAt.toISOString(),
        startedAt: g.startedAt?.toISOString() ?? null,
        endedAt: g.endedAt?.toISOString() ?? null,
        interrupted: g.interruptedAt !== null,
        shared: g.hostUserId === null,
      })),
      total,
      page,
      pageSize,
    };
  }

  /**
   * Games that ended with results, of units in the organizer's subtree (an administrator: all, the city's too), newest
   * first: what certificates can be issued from, with how many ranked players were signed in.
   */
  async finished(principal: Principal): Promise<FinishedLiveGameDto[]> {
    const scope = await this.scopes.scopeOf(principal);
    const rows = await this.repository.finishedInScope(scope.kind === 'all' ? null : scope.pathPrefix, 100);
    return rows.map((r) => ({
      gameId: r.id,
      title: r.title,
      endedAt: new Date(r.endedAt).toISOString(),
      unitName: r.unitName,
      playerCount: r.playerCount,
      signedInCount: r.signedInCount,
    }));
  }

  private async ownGame(principal: Principal, gameId: string): Promise<LiveGame> {
    const game = await this.repository.findById(gameId);
    if (!game) throw new AppError('GAME_NOT_FOUND');
    if (!mayHostGame(principal, game.hostUserId)) throw new AppError('FORBIDDEN');
    return game;
  }

  async view(principal: Principal, gameId: string, origin: string): Promise<LiveGameViewDto> {
    const game = await this.ownGame(principal, gameId);
    const runtime = game.status === 'ended' ? null : await this.store.getRuntime(gameId);
    return {
      gameId: game.id,
      pin: game.pin,
      ...(await this.joinLink(origin, game.pin)),
      title: game.title,
      status: runtime?.status ?? (game.status === 'running' ? 'running' : game.status),
      paused: runtime?.paused ?? false,
      questionIndex: runtime?.questionIndex ?? -1,
      questionCount: game.questionVersionIds.length,
      playerCount: runtime ? await this.store.playerCount(gameId) : game.playerCount,
      settings: game.settings,
      createdAt: game.createdAt.toISOString(),
      startedAt: game.startedAt?.toISOString() ?? null,
      endedAt: game.endedAt?.toISOString() ?? null,
      interrupted: game.interruptedAt !== null,
    };
  }

  async results(principal: Principal, gameId: string): Promise<LiveResultsDto> {
    const game = await this.ownGame(principal, gameId);
    if (game.interruptedAt) throw new AppError('GAME_INTERRUPTED');
    if (game.status !== 'ended') throw new AppError('GAME_STATE_INVALID');
    const rows = await this.repository.listRanking(gameId);
    return {
      gameId,
      title: game.title,
      endedAt: game.endedAt?.toISOString() ?? null,
      players: rows.map((r) => ({
        rank: r.rank,
        playerId: r.id,
        nickname: r.nickname,
        score: r.score,
        correctCount: r.correctCount,
        correctTimeMs: r.correctTimeMs,
        kicked: r.kicked,
      })),
    };
  }

  async resultsXlsx(principal: Principal, gameId: string): Promise<{ filename: string; buffer: Buffer }> {
    const results = await this.results(principal, gameId);
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Hải Đăng';
    const sheet = workbook.addWorksheet('Kết quả');
    sheet.columns = [
      { header: 'Hạng', key: 'rank', width: 8 },
      { header: 'Biệt danh', key: 'nickname', width: 28 },
      { header: 'Điểm', key: 'score', width: 10 },
      { header: 'Số câu đúng', key: 'correctCount', width: 13 },
      { header: 'Thời gian trả lời đúng (giây)', key: 'seconds', width: 28 },
      { header: 'Ghi chú', key: 'note', width: 20 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const p of results.players) {
      sheet.addRow({
        rank: p.kicked ? '' : p.rank,
        nickname: neutralize(p.nickname),
        score: p.score,
        correctCount: p.correctCount,
        seconds: Math.round(p.correctTimeMs / 100) / 10,
        note: p.kicked ? 'Bị mời ra' : '',
      });
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    return { filename: `ket-qua-tro-choi-${gameId.slice(0, 8)}.xlsx`, buffer };
  }

  extraTime(principal: Principal, gameId: string, playerId: string, seconds: number): Promise<ExtraTimeDto> {
    return this.engine.extraTimeByPrincipal(principal, gameId, playerId, seconds);
  }

  /**
   * Demo data: a game from the demo bank that any organizer can open and host at once. Question count adapts to
   * what the bank has; nothing happens when the game exists already or the bank has no playable question.
   */
  async seedDemoLiveGame(bankId: string): Promise<{ gameId: string; pin: string } | null> {
    if (await this.repository.findSharedByTitle(DEMO_LIVE_GAME_TITLE)) return null;
    const available = (await this.reader.publishedPool({ bankId })).filter((q) =>
      LIVE_QUESTION_TYPES.includes(q.type),
    ).length;
    if (available === 0) return null;
    const created = await this.create(
      null,
      { title: DEMO_LIVE_GAME_TITLE, bankId, questionCount: Math.min(10, available), questionTimeSeconds: 20 },
      '',
    );
    return { gameId: created.gameId, pin: created.pin };
  }

  /**
   * Demo data: a game of the organizer of Đoàn phường Lê Chân that ended two days ago with results, played by the demo
   * participants (signed in) and a few guests, to issue certificates from. Nothing happens when the organizer or the
   * bank is missing or the game exists already.
   */
  async seedDemoFinishedGame(bankId: string): Promise<{ gameId: string } | null> {
    const host = await this.identity.principalOf('tochuc.lechan');
    if (!host || (await this.repository.findByTitle(DEMO_FINISHED_GAME_TITLE))) return null;
    const questions = (await this.reader.publishedPool({ bankId }))
      .filter((q) => LIVE_QUESTION_TYPES.includes(q.type))
      .slice(0, 5);
    if (questions.length === 0) return null;
    const game = await this.repository.insertGame({
      // Never drawn for a real game (PINs are 100000–999999), and free again once the game is ended just below.
      pin: '000000',
      title: DEMO_FINISHED_GAME_TITLE,
      hostUserId: host.userId,
      unitId: host.unitId,
      bankId,
      settings: {
        bankId,
        category: null,
        difficulty: null,
        questionCount: questions.length,
        questionTimeSeconds: 20,
        scoring: 'speed',
        streaks: true,
        handPicked: false,
      },
      questionVersionIds: questions.map((q) => q.versionId),
    });
    if (!game) return null;
    const endedAt = new Date(Date.now() - 2 * 24 * 3600_000);
    await this.repository.markRunning(game.id, new Date(endedAt.getTime() - 15 * 60_000));
    const rows = [];
    let rank = 0;
    for (const [i, p] of DEMO_FINISHED_PLAYERS.entries()) {
      const previous = DEMO_FINISHED_PLAYERS[i - 1];
      if (!previous || previous.score !== p.score) rank = i + 1;
      const account = p.username ? await this.identity.principalOf(p.username) : null;
      rows.push({
        id: randomUUID(),
        userId: account?.userId ?? null,
        nickname: p.nickname,
        rank,
        score: p.score,
        correctCount: p.correct,
        correctTimeMs: p.correct * 4200,
        kicked: false,
        joinOrder: i + 1,
      });
    }
    await this.repository.saveFinalRanking(game.id, endedAt, rows);
    return { gameId: game.id };
  }
}
