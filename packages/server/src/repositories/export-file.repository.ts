import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** A background export as listed (no content). */
export interface ExportFileRow {
  id: string;
  createdBy: string;
  list: string;
  title: string;
  fileName: string;
  asciiName: string;
  regionCode: string | null;
  status: string;
  sizeBytes: number | null;
  error: string | null;
  createdAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

export type NewExportFile = Pick<
  ExportFileRow,
  'createdBy' | 'list' | 'title' | 'fileName' | 'asciiName' | 'regionCode' | 'expiresAt'
> & { at: Date };

const COLUMNS = [
  'id',
  'createdBy',
  'list',
  'title',
  'fileName',
  'asciiName',
  'regionCode',
  'status',
  'sizeBytes',
  'error',
  'createdAt',
  'heartbeatAt',
  'finishedAt',
  'expiresAt',
] as const;

/** export_file rows (migration 0115): background exports and their sealed files. SQL only. */
export class ExportFileRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert({ at, ...f }: NewExportFile): Promise<ExportFileRow> {
    return this.db
      .insertInto('exportFile')
      .values({ ...f, createdAt: at, heartbeatAt: at, status: 'queued' })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /** The user's files, newest first (a day's worth at most: older ones are deleted). */
  async listOf(userId: string, limit: number): Promise<ExportFileRow[]> {
    return this.db
      .selectFrom('exportFile')
      .select(COLUMNS)
      .where('createdBy', '=', userId)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async get(id: string, userId: string): Promise<ExportFileRow | undefined> {
    return this.db
      .selectFrom('exportFile')
      .select(COLUMNS)
      .where('id', '=', id)
      .where('createdBy', '=', userId)
      .executeTakeFirst();
  }

  async content(id: string, userId: string): Promise<Buffer | null | undefined> {
    const r = await this.db
      .selectFrom('exportFile')
      .select('content')
      .where('id', '=', id)
      .where('createdBy', '=', userId)
      .where('status', '=', 'ready')
      .executeTakeFirst();
    // PGlite answers a bytea as a Uint8Array, node-postgres as a Buffer
    return r && r.content && Buffer.from(r.content.buffer, r.content.byteOffset, r.content.byteLength);
  }

  async running(id: string, at: Date): Promise<void> {
    await this.db.updateTable('exportFile').set({ status: 'running', heartbeatAt: at }).where('id', '=', id).execute();
  }

  async heartbeat(id: string, at: Date): Promise<void> {
    await this.db.updateTable('exportFile').set({ heartbeatAt: at }).where('id', '=', id).execute();
  }

  async finish(id: string, content: Buffer, sizeBytes: number, at: Date): Promise<void> {
    await this.db
      .updateTable('exportFile')
      .set({ status: 'ready', content, sizeBytes, finishedAt: at, heartbeatAt: at })
      .where('id', '=', id)
      .execute();
  }

  async fail(id: string, error: string, at: Date): Promise<void> {
    await this.db
      .updateTable('exportFile')
      .set({ status: 'failed', error: error.slice(0, 1000), finishedAt: at, heartbeatAt: at })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Files still queued or running whose server stopped beating before `staleBefore` (it stopped or restarted):
   * marked failed, so the 下载中心 does not wait for them forever.
   */
  async failStale(staleBefore: Date, error: string, at: Date): Promise<number> {
    const r = await this.db
      .updateTable('exportFile')
      .set({ status: 'failed', error, finishedAt: at })
      .where('status', 'in', ['queued', 'running'])
      .where('heartbeatAt', '<', staleBefore)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async delete(id: string, userId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('exportFile')
      .where('id', '=', id)
      .where('createdBy', '=', userId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The first bytes of every stored file: enough to name the key that sealed it. */
  async heads(): Promise<Buffer[]> {
    const rows = await sql<{ head: Uint8Array }>`
      select substring(content from 1 for 64) as head from export_file where content is not null`.execute(this.db);
    return rows.rows.map((r) => Buffer.from(r.head.buffer, r.head.byteOffset, r.head.byteLength));
  }

  async purge(now: Date): Promise<number> {
    const r = await this.db.deleteFrom('exportFile').where('expiresAt', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
