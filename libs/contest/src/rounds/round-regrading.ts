import { Injectable } from '@nestjs/common';
import type { AnswerValue, QuestionSnapshot } from '#contracts';
import { AuditService, type Principal } from '#core';
import { QuestionBankReader } from '#question-bank';
import { AttemptLedger, AttemptService, scoreAnswer } from '#quiz-engine';
import { ContestRepository } from '../contest.repository.js';
import { RoundAccess } from './round-access.js';

/**
 * After the bank publishes corrected versions: rescore every answer drawn with an older version of those questions
 * against the current published one, re-sum the scores, re-freeze the ranking, and record what changed.
 */
@Injectable()
export class RoundRegrading {
  constructor(
    private readonly repo: ContestRepository,
    private readonly access: RoundAccess,
    private readonly attempts: AttemptService,
    private readonly ledger: AttemptLedger,
    private readonly bank: QuestionBankReader,
    private readonly audit: AuditService,
  ) {}

  async regrade(principal: Principal, roundId: string) {
    const round = await this.access.manageableRound(principal, roundId);
    await this.access.closedRound(roundId);
    const drawn = await this.ledger.versionsInContext(roundId);
    const questionIds = [...new Set(drawn.map((d) => d.questionId))];
    const current = new Map((await this.bank.getPublished(questionIds)).map((q) => [q.questionId, q]));
    const stale = drawn.filter(
      (d) => current.get(d.questionId) && current.get(d.questionId)!.versionId !== d.versionId,
    );
    const oldVersions = await this.attempts.versionsById([...new Set(stale.map((s) => s.versionId))]);
    const changedQuestions = [...new Set(stale.map((s) => s.questionId))];
    const answers = changedQuestions.length ? await this.ledger.answersToQuestions(roundId, changedQuestions) : [];
    const changes: { attemptId: string; questionId: string; fraction: number; correct: boolean }[] = [];
    for (const a of answers) {
      const now = current.get(a.questionId)!;
      if (now.versionId === a.versionId) continue;
      const value = remapOptions(a.value, oldVersions.get(a.versionId), now);
      const s = scoreAnswer(now, value);
      if (Math.abs(s.fraction - a.fraction) > 1e-12)
        changes.push({ attemptId: a.attemptId, questionId: a.questionId, fraction: s.fraction, correct: s.correct });
    }
    const result = await this.repo.transaction(async (m) => {
      await this.repo.lockRound(m, roundId);
      await this.repo.allowLargeSorts(m);
      const before = await this.repo.rankingSnapshot(m, roundId);
      const scores = await this.ledger.applyRegrade(m, changes);
      const ranking = await this.repo.buildRanking(
        m,
        roundId,
        round.countedAttempt,
        round.ranking,
        round.predictionValue,
      );
      await this.repo.freezeUnitStats(m, ranking, round.statsPopulations);
      // Read before attaching: detaching the old ranking blocks every reader of rankings until this commits.
      const after = await this.repo.rankingSnapshot(m, ranking);
      await this.repo.attachRanking(m, ranking);
      const rankChanges = [...after.entries()]
        .filter(([u, r]) => before.get(u)?.rank !== r.rank || before.get(u)?.score !== r.score)
        .map(([userId, r]) => ({ userId, from: before.get(userId) ?? null, to: r }));
      const record = {
        questions: changedQuestions.map((q) => ({
          questionId: q,
          fromVersions: [...new Set(stale.filter((s) => s.questionId === q).map((s) => s.versionId))],
          toVersion: current.get(q)!.versionId,
        })),
        answersRescored: changes.length,
        scoreChanges: scores.filter((s) => s.oldScore !== s.newScore),
        rankChanges: rankChanges.slice(0, 1000),
        rankChangeCount: rankChanges.length,
      };
      const regradeId = await this.repo.insertRegrade(m, roundId, principal.userId, record);
      await this.audit.record(
        principal.userId,
        'round.regrade',
        roundId,
        { regradeId, answersRescored: changes.length },
        m,
      );
      return { regradeId, record };
    });
    return {
      regradeId: result.regradeId,
      questionsChanged: changedQuestions.length,
      answersRescored: changes.length,
      attemptsChanged: result.record.scoreChanges.length,
      ranksChanged: result.record.rankChangeCount,
      changes: result.record,
    };
  }
}

/**
 * Option ids are kept across versions for unchanged options; an edited option gets a new id. Answers given with the
 * old version's ids are carried over by the option's text, then by its position.
 */
function remapOptions(value: AnswerValue, old: QuestionSnapshot | undefined, now: QuestionSnapshot) {
  if (!value.optionIds || !old?.options || !now.options) return value;
  const nowIds = new Set(now.options.map((o) => o.id));
  const optionIds = value.optionIds.map((id) => {
    if (nowIds.has(id)) return id;
    const i = old.options!.findIndex((o) => o.id === id);
    if (i < 0) return id;
    const byText = now.options!.find((o) => o.text === old.options![i]!.text);
    return byText?.id ?? now.options![i]?.id ?? id;
  });
  return { ...value, optionIds };
}
