import { AnswerIntake } from './answer-intake.js';
import { EndedGameRetention } from './ended-game-retention.js';
import { GameDriver } from './game-driver.js';
import { GameEnding } from './game-ending.js';
import { GameSnapshots } from './game-snapshots.js';
import { HostCommands } from './host-commands.js';
import { InstanceSync } from './instance-sync.js';
import { KeptStandings } from './kept-standings.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { LobbyUpdates } from './lobby-updates.js';
import { MissedResults } from './missed-results.js';
import { PlayerJoins } from './player-joins.js';
import { QuestionClock } from './question-clock.js';
import { QuestionCloser } from './question-closer.js';
import { QuestionResults } from './question-results.js';
import { WaitingJoins } from './waiting-joins.js';

/** The providers the live engine is made of (one instance each per app), for the module to list. */
export const LIVE_ENGINE_PARTS = [
  LiveGameCatalog,
  GameSnapshots,
  LobbyUpdates,
  PlayerJoins,
  AnswerIntake,
  KeptStandings,
  QuestionResults,
  WaitingJoins,
  QuestionCloser,
  MissedResults,
  QuestionClock,
  GameEnding,
  EndedGameRetention,
  HostCommands,
  InstanceSync,
  GameDriver,
];
