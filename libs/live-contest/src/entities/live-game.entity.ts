import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LiveScoring } from '#contracts';

export type LiveGameRecordStatus = 'lobby' | 'running' | 'ended';

/** How the game was asked for; kept with the game so its results say what was played. */
export interface LiveGameSettings {
  bankId: string;
  category: string | null;
  difficulty: 1 | 2 | 3 | null;
  questionCount: number;
  questionTimeSeconds: number;
  scoring: LiveScoring;
  streaks: boolean;
  handPicked: boolean;
}

/** A live game: its config and the exact question versions drawn for it; the running state lives in the store. */
@Entity('live_game')
// A PIN is unique among games that are not over; ended games free theirs.
@Index('uq_live_game_active_pin', ['pin'], { unique: true, where: "status <> 'ended'" })
@Index('idx_live_game_host_user_id', ['hostUserId'])
export class LiveGame {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  pin: string;

  @Column('text')
  title: string;

  /** Null for a game any organizer may host (the demo game, created before any account exists). */
  @Column('uuid', { nullable: true })
  hostUserId: string | null;

  /**
   * The unit of the host who created it (null: the city, for an administrator without a unit or the demo seed):
   * organizers of its subtree may issue certificates from it.
   */
  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('uuid')
  bankId: string;

  @Column('jsonb')
  settings: LiveGameSettings;

  /** The question versions played, in order (snapshots are immutable, so results can always be explained). */
  @Column('uuid', { array: true })
  questionVersionIds: string[];

  @Column('text', { default: 'lobby' })
  status: LiveGameRecordStatus;

  @Column('int', { default: 0 })
  playerCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;

  /**
   * Set (with status ended) when the game's running state was lost: a single instance, whose state lives in its
   * process, restarted mid-game. Its players and host are told so (GAME_INTERRUPTED); it has no results.
   */
  @Column('timestamptz', { nullable: true })
  interruptedAt: Date | null;
}
