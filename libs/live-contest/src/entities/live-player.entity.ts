import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LiveGame } from './live-game.entity.js';

/** A player's final result, written once when the game ends (the full ranking). */
@Entity('live_player')
@Index('idx_live_player_game_id_rank', ['gameId', 'rank'])
// One account, one player of a game (the state store keeps it so while the game runs; this keeps it for good).
@Index('uq_live_player_game_id_user_id', ['gameId', 'userId'], { unique: true, where: 'user_id IS NOT NULL' })
export class LivePlayer {
  /** The id the player had during the game (from the resume token), so certificates can refer to it. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  gameId: string;

  @ManyToOne(() => LiveGame, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'game_id' })
  game?: LiveGame;

  /** The account of a player who joined signed in; null for a guest (who gets no certificate). */
  @Column('uuid', { nullable: true })
  userId: string | null;

  @Column('text')
  nickname: string;

  @Column('int')
  rank: number;

  @Column('int')
  score: number;

  @Column('int')
  correctCount: number;

  @Column('int')
  correctTimeMs: number;

  @Column('boolean', { default: false })
  kicked: boolean;

  @Column('int')
  joinOrder: number;
}
