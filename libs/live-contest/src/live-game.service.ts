import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import type { QuestionSnapshot } from '#contracts';
import { AppError, neutralize, type Principal } from '#core';
import { QuestionBankReader } from '#question-bank';
import type {
  CreatedLiveGameDto,
  CreateLiveGameDto,
  ExtraTimeDto,
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
}
