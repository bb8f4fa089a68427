import type { Db } from '../db/database.js';
import type { ImportStagingTable } from './staging.table.js';

/** Replies waiting for their parent during one import run. */
export class StagingRepository {
  constructor(private readonly db: Db) {}

  async insert(row: ImportStagingTable): Promise<void> {
    await this.db.insertInto('import_staging').values(row).execute();
  }

  /** The next page of a run's waiting rows in file order. */
  page(runId: string, afterSeq: number, limit: number): Promise<ImportStagingTable[]> {
    return this.db
      .selectFrom('import_staging')
      .selectAll()
      .where('run_id', '=', runId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  async delete(runId: string, seq: number): Promise<void> {
    await this.db.deleteFrom('import_staging').where('run_id', '=', runId).where('seq', '=', seq).execute();
  }

  async clear(runId: string): Promise<void> {
    await this.db.deleteFrom('import_staging').where('run_id', '=', runId).execute();
  }
}
