import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS =
  '"round_id" uuid NOT NULL, "user_id" uuid NOT NULL, "rank" integer NOT NULL, "position" integer NOT NULL, "attempt_id" uuid NOT NULL, "unit_id" uuid, "score" double precision NOT NULL, "max_score" double precision NOT NULL, "prediction" integer, "prediction_distance" integer, "duration_ms" integer NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL';
const OLD_COLUMNS =
  'round_id, user_id, rank, position, attempt_id, unit_id, score, max_score, prediction, prediction_distance, duration_ms, submitted_at';

/**
 * The frozen ranking becomes a table partitioned by round: a close builds its round's ranking as a table of its own
 * (written without indexes, indexed once in order, then attached), and a regrade swaps that table instead of
 * deleting and re-inserting a million rows under two indexes. Each row also keeps the person's number of submitted
 * attempts, so unit statistics are counted from the ranking instead of joining every attempt to its person again.
 * Existing rankings move into one partition per round.
 */
export class RankingPartitions1795900000000 implements MigrationInterface {
  name = 'RankingPartitions1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "round_ranking" RENAME TO "round_ranking_unpartitioned"');
    await queryRunner.query('ALTER INDEX "pk_round_ranking" RENAME TO "pk_round_ranking_unpartitioned"');
    await queryRunner.query(
      'ALTER INDEX "uq_round_ranking_position" RENAME TO "uq_round_ranking_position_unpartitioned"',
    );
    await queryRunner.query(
      `CREATE TABLE "round_ranking" (${COLUMNS}, "attempts" integer NOT NULL, CONSTRAINT "pk_round_ranking" PRIMARY KEY ("round_id", "user_id")) PARTITION BY LIST ("round_id")`,
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_round_ranking_position" ON "round_ranking" ("round_id", "position")',
    );
    await queryRunner.query(`
      DO $$
      DECLARE r uuid;
      BEGIN
        FOR r IN SELECT DISTINCT round_id FROM round_ranking_unpartitioned LOOP
          EXECUTE format('CREATE TABLE %I PARTITION OF round_ranking FOR VALUES IN (%L)',
                         'round_ranking_' || replace(r::text, '-', ''), r);
        END LOOP;
      END $$`);
    await queryRunner.query(
      `INSERT INTO "round_ranking" (${OLD_COLUMNS}, attempts)
       SELECT ${OLD_COLUMNS}, (SELECT count(*) FROM quiz_attempt a
                               WHERE a.context_id = r.round_id AND a.user_id = r.user_id AND a.status = 'submitted')
       FROM "round_ranking_unpartitioned" r`,
    );
    await queryRunner.query('DROP TABLE "round_ranking_unpartitioned"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "round_ranking" RENAME TO "round_ranking_partitioned"');
    await queryRunner.query('ALTER INDEX "pk_round_ranking" RENAME TO "pk_round_ranking_partitioned"');
    await queryRunner.query(
      'ALTER INDEX "uq_round_ranking_position" RENAME TO "uq_round_ranking_position_partitioned"',
    );
    await queryRunner.query(
      `CREATE TABLE "round_ranking" (${COLUMNS}, CONSTRAINT "pk_round_ranking" PRIMARY KEY ("round_id", "user_id"))`,
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_round_ranking_position" ON "round_ranking" ("round_id", "position")',
    );
    await queryRunner.query(
      `INSERT INTO "round_ranking" (${OLD_COLUMNS}) SELECT ${OLD_COLUMNS} FROM "round_ranking_partitioned"`,
    );
    // Dropping the partitioned table drops its partitions.
    await queryRunner.query('DROP TABLE "round_ranking_partitioned"');
  }
}
