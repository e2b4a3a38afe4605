import { PortKey } from './port-registry.js';

/**
 * Who a bulk certificate issue is for, as the module that owns the results sees them. certificate reads them through
 * these ports (provided by contest and live-contest at start) so it never imports those modules (DESIGN.md §1).
 */
export interface CertificateRecipient {
  userId: string;
  rank: number;
  score: number;
  maxScore: number | null;
  /** The prize's key (first, second, third, consolation) and its Vietnamese label, when the recipient won one. */
  prize: string | null;
  prizeLabel: string | null;
}

export interface CertificateRecipientList {
  /** What the certificate is for, as printed ("Cuộc thi tìm hiểu pháp luật 2026 — Vòng 1"). */
  title: string;
  /** The unit that owns the source (its organizers may issue and revoke); null: the whole city (admins). */
  unitId: string | null;
  /** Whether the results are final: a frozen ranking, a game that ended with results. Nothing is issued before. */
  frozen: boolean;
  /** When the results became final (ISO 8601), null while they are not. */
  finalAt: string | null;
  /** In rank order; only people with an account (a live game's guests have none). */
  recipients: CertificateRecipient[];
  /** Places in the selection left out because nobody's account holds them (a live game's guests); 0 when none. */
  skipped?: number;
}

export interface RecipientSelection {
  /** The first N places (ties at the N-th place included); omitted: the prize winners (rounds) or everyone ranked. */
  topN?: number;
}

/** A closed round's frozen ranking: `null` when the round does not exist. */
export interface RankingRecipientsPort {
  roundRecipients(roundId: string, selection: RecipientSelection): Promise<CertificateRecipientList | null>;
}

/** A finished live game's signed-in players: `null` when the game does not exist. */
export interface LiveGameRecipientsPort {
  gameRecipients(gameId: string, selection: RecipientSelection): Promise<CertificateRecipientList | null>;
}

export const RANKING_RECIPIENTS = new PortKey<RankingRecipientsPort>('certificate.ranking-recipients');
export const LIVE_GAME_RECIPIENTS = new PortKey<LiveGameRecipientsPort>('certificate.live-game-recipients');
