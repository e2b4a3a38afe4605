import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LiveGame } from './live-game.entity.js';

/** A player's final result, written once when the game ends (the full ranking). */
@Entity('live_player')
@Index('idx_live_player_game_id_rank', ['gameId', 'rank'])
export class LivePlayer {
  /** The id the player had during the game (from the resume token), so certificates can refer to it. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  gameId: string;

  @ManyToOne(() => LiveGame, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'game_id' })
  game?: LiveGame;

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
