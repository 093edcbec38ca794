import type { RawClient } from '../db/driver.js';
import type { RowSource, Store, Tx } from '../db/store.js';
import { STAGE_COLUMNS } from '../feeds/stage.js';

/** A feed batch as the services and the report see it. */
export interface FeedBatchRecord {
  id: string;
  department: string;
  countyCode: string | null;
  fileName: string;
  fileSha256: string;
  format: string;
  encoding: string | null;
  status: 'staging' | 'done' | 'failed';
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsMatched: number;
  rowsUnmatched: number;
  warningsCreated: number;
  uploadedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  stats: Record<string, unknown>;
}

export interface MatchCounts {
  matched: number;
  unmatched: number;
  outsideScope: number;
  invalid: number;
}

// raw queries return column names as written, so every column is aliased to the camelCase the code reads
const BATCH_COLUMNS = `id, department, county_code as "countyCode", file_name as "fileName",
  file_sha256 as "fileSha256", format, encoding, status, rows_total as "rowsTotal", rows_valid as "rowsValid",
  rows_invalid as "rowsInvalid", rows_matched as "rowsMatched", rows_unmatched as "rowsUnmatched",
  warnings_created as "warningsCreated", uploaded_by as "uploadedBy", started_at as "startedAt",
  finished_at as "finishedAt", error, stats`;

/**
 * SQL of the feed import: batches, the staging table, set-based matching to members and households, and the
 * streams the report reads. Staging goes to a temporary table first (COPY without WAL on PostgreSQL) and reaches
 * feed_row in one INSERT … SELECT that already carries the match, so no row is written twice.
 */
export class FeedRepository {
  constructor(private readonly client: RawClient) {}

  static in(tx: Tx): FeedRepository {
    return new FeedRepository(tx.client);
  }

  async findBatch(department: string, sha256: string): Promise<FeedBatchRecord | undefined> {
    const r = await this.client.query<FeedBatchRecord>(
      `select ${BATCH_COLUMNS} from feed_batch where department = $1 and file_sha256 = $2`,
      [department, sha256],
    );
    return r.rows[0];
  }

  /** A batch by id within a region scope (and, for a department officer, a department). */
  async batchInScope(id: string, scopePrefix: string, department?: string): Promise<FeedBatchRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const r = await this.client.query<FeedBatchRecord>(
      `select ${BATCH_COLUMNS} from feed_batch
        where id = $1 and coalesce(county_code, '') like $2 and ($3::text is null or department = $3)`,
      [id, `${scopePrefix.slice(0, 6)}%`, department ?? null],
    );
    return r.rows[0];
  }

  async listBatches(scopePrefix: string, department: string | undefined, limit: number): Promise<FeedBatchRecord[]> {
    const r = await this.client.query<FeedBatchRecord>(
      `select ${BATCH_COLUMNS} from feed_batch
        where coalesce(county_code, '') like $1 and ($2::text is null or department = $2)
        order by started_at desc limit $3`,
      [`${scopePrefix.slice(0, 6)}%`, department ?? null, limit],
    );
    return r.rows;
  }

  async insertBatch(b: {
    department: string;
    countyCode: string | null;
    fileName: string;
    sha256: string;
    format: string;
    encoding: string | null;
    uploadedBy: string | null;
    receivedAt: Date;
  }): Promise<string> {
    const r = await this.client.query<{ id: string }>(
      `insert into feed_batch (department, county_code, file_name, file_sha256, format, encoding, uploaded_by, started_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [b.department, b.countyCode, b.fileName, b.sha256, b.format, b.encoding, b.uploadedBy, b.receivedAt],
    );
    return r.rows[0]!.id;
  }

  /** A failed import is recorded (status, error) with none of its rows; importing the file again replaces it. */
  async recordFailure(b: Parameters<FeedRepository['insertBatch']>[0], error: string, stats: object): Promise<string> {
    const r = await this.client.query<{ id: string }>(
      `insert into feed_batch (department, county_code, file_name, file_sha256, format, encoding, uploaded_by,
         started_at, finished_at, status, error, stats)
       values ($1, $2, $3, $4, $5, $6, $7, $8, now(), 'failed', $9, $10)
       on conflict (department, file_sha256) do update set error = excluded.error, finished_at = now(),
         stats = excluded.stats
         -- never over a batch that a concurrent import of the same file completed
         where feed_batch.status = 'failed'
       returning id`,
      [
        b.department,
        b.countyCode,
        b.fileName,
        b.sha256,
        b.format,
        b.encoding,
        b.uploadedBy,
        b.receivedAt,
        error,
        JSON.stringify(stats),
      ],
    );
    return r.rows[0]?.id ?? '';
  }

  async deleteFailedBatch(id: string): Promise<void> {
    // feed_row has no foreign key to the batch (see 0040_feeds.sql): delete its rows explicitly
    await this.client.query(
      `with b as (delete from feed_batch where id = $1 and status = 'failed' returning id)
       delete from feed_row where batch_id in (select id from b)`,
      [id],
    );
  }

  async createStage(): Promise<void> {
    await this.client.exec(`create temp table feed_stage (
        row_no integer not null, valid boolean not null, id_number varchar(18) collate "C", person_name text,
        region_hint text, signal_type text, metric_fen bigint, metric_value numeric, event_date date,
        dedupe_key text, detail jsonb, issues jsonb
      ) on commit drop`);
  }

  async loadStage(tx: Tx, rows: RowSource): Promise<number> {
    return tx.copyInto('feed_stage', STAGE_COLUMNS, rows);
  }

  /**
   * A bulk import is one long transaction of a few large set operations: JIT compilation costs more than it saves
   * there (measured ~1 s per statement), and hash joins of a million rows want more than the default work_mem.
   */
  async tuneForBulk(engine: 'pglite' | 'postgres'): Promise<void> {
    if (engine === 'postgres') await this.client.exec(`set local jit = off; set local work_mem = '128MB'`);
  }

  /**
   * Staging → feed_row with the match, by hash joins. A person is looked up by normalised ID number. When the
   * registry holds a number twice (a data error), the member inside the scope, alive, with the smallest id wins,
   * deterministically. Matches outside the scope are not linked: a
   * department sees its county only.
   */
  async matchIntoRows(batchId: string, scopePrefix: string): Promise<MatchCounts> {
    await this.client.exec(`analyze feed_stage (id_number, valid)`);
    // ID numbers the registry holds more than once, each with the member chosen for it
    await this.client.query(
      `create temp table feed_dup on commit drop as
       select distinct on (mm.id_number) mm.id_number, mm.id, mm.household_id, mm.name,
              h.region_code like $1 as in_scope
         from member mm join household h on h.id = mm.household_id
        where mm.id_number in (select id_number from member
                                where id_number in (select id_number from feed_stage where valid)
                                group by id_number having count(*) > 1)
        order by mm.id_number, (h.region_code like $1) desc, (mm.deceased_on is null) desc, mm.id`,
      [`${scopePrefix}%`],
    );
    // The match itself joins only (row_no, ID number): the hash tables stay narrow for a million rows.
    await this.client.query(
      `create temp table feed_match on commit drop as
       select s.row_no, coalesce(m1.id, d.id) as member_id, coalesce(m1.household_id, d.household_id) as household_id,
              coalesce(h1.region_code like $1, d.in_scope) as in_scope, coalesce(m1.name, d.name) as registered_name
         from feed_stage s
         left join feed_dup d on d.id_number = s.id_number
         left join (member m1 join household h1 on h1.id = m1.household_id)
                on m1.id_number = s.id_number and d.id_number is null
        where s.valid and (m1.id is not null or d.id is not null)`,
      [`${scopePrefix}%`],
    );
    await this.client.exec('analyze feed_match');
    const r = await this.client.query<{ outcome: string; n: number }>(
      `with hits as (
         select s.*, fm.member_id, fm.household_id, fm.in_scope, fm.registered_name
           from feed_stage s left join feed_match fm on fm.row_no = s.row_no
       ), ins as (
         insert into feed_row (batch_id, row_no, id_number, person_name, region_hint, signal_type, metric_fen,
           metric_value, event_date, detail, member_id, household_id, outcome, dedupe_key)
         select $1, row_no, id_number, person_name, region_hint, signal_type, metric_fen, metric_value, event_date,
                coalesce(detail, '{}'), case when in_scope then member_id end, case when in_scope then household_id end,
                case when not valid then 'invalid' when member_id is null then 'unmatched'
                     when not in_scope then 'outside_scope' else 'matched' end,
                case when in_scope then dedupe_key end
           from hits
         returning outcome
       ), names as (
         -- a notice where the name differs from the registry's for the same ID number
         insert into feed_issue (batch_id, row_no, column_name, field, problem, severity)
         select $1, row_no, null, 'person_name',
                '姓名与登记不符(登记为"' || registered_name || '") / the name differs from the registry', 'notice'
           from hits
          where in_scope and person_name is not null and person_name <> registered_name
         returning 1
       )
       select outcome, count(*)::int as n from ins group by outcome
       union all select 'names', count(*)::int from names`,
      [batchId],
    );
    // the warning rules read feed_row next: give the planner this batch's size
    await this.client.exec('analyze feed_row (batch_id, outcome, signal_type, member_id, household_id)');
    const by = Object.fromEntries(r.rows.map((x) => [x.outcome, Number(x.n)]));
    return {
      matched: by.matched ?? 0,
      unmatched: by.unmatched ?? 0,
      outsideScope: by.outside_scope ?? 0,
      invalid: by.invalid ?? 0,
    };
  }

  /** Row problems from staging (the name notices were written with the match). */
  async saveIssues(batchId: string): Promise<number> {
    await this.client.query(
      `insert into feed_issue (batch_id, row_no, column_name, field, problem, severity)
       select $1, s.row_no, i->>'column', i->>'field', i->>'problem', coalesce(i->>'severity', 'error')
         from feed_stage s cross join lateral jsonb_array_elements(s.issues) i
        where s.issues is not null`,
      [batchId],
    );
    const r = await this.client.query<{ n: number }>(`select count(*)::int as n from feed_issue where batch_id = $1`, [
      batchId,
    ]);
    return Number(r.rows[0]!.n);
  }

  /** Counties of the matched households: the policy is resolved for each. A county scope needs no query. */
  async matchedCounties(batchId: string, scopePrefix: string): Promise<string[]> {
    if (scopePrefix.length >= 6) return [scopePrefix.slice(0, 6)];
    const r = await this.client.query<{ countyCode: string }>(
      `select distinct h.county_code as "countyCode" from feed_row r join household h on h.id = r.household_id
        where r.batch_id = $1 and r.outcome = 'matched'`,
      [batchId],
    );
    return r.rows.map((x) => x.countyCode);
  }

  async finishBatch(
    batchId: string,
    c: { total: number; valid: number; invalid: number; matched: number; unmatched: number; warnings: number },
    stats: object,
  ): Promise<void> {
    await this.client.query(
      `update feed_batch set status = 'done', finished_at = now(), rows_total = $2, rows_valid = $3,
         rows_invalid = $4, rows_matched = $5, rows_unmatched = $6, warnings_created = $7, stats = $8
       where id = $1`,
      [batchId, c.total, c.valid, c.invalid, c.matched, c.unmatched, c.warnings, JSON.stringify(stats)],
    );
  }
}

export interface IssueRow {
  rowNo: number;
  columnName: string | null;
  field: string | null;
  problem: string;
  severity: string;
  personName: string | null;
  idNumber: string | null;
  rawId: string | null;
}

export interface UnmatchedRow {
  rowNo: number;
  personName: string | null;
  idNumber: string | null;
  regionHint: string | null;
  outcome: string;
}

/** Large reads for the report, streamed through a cursor. */
export const feedReportStreams = {
  issues(store: Store, batchId: string): AsyncGenerator<IssueRow[]> {
    return store.stream<IssueRow>(
      `select i.row_no as "rowNo", i.column_name as "columnName", i.field, i.problem, i.severity,
              r.person_name as "personName", r.id_number as "idNumber", r.detail->>'rawId' as "rawId"
         from feed_issue i left join feed_row r on r.batch_id = i.batch_id and r.row_no = i.row_no
        where i.batch_id = $1 order by i.row_no, i.severity, i.column_name`,
      [batchId],
    );
  },
  unmatched(store: Store, batchId: string): AsyncGenerator<UnmatchedRow[]> {
    return store.stream<UnmatchedRow>(
      `select row_no as "rowNo", person_name as "personName", id_number as "idNumber", region_hint as "regionHint",
              outcome
         from feed_row where batch_id = $1 and outcome in ('unmatched', 'outside_scope') order by row_no`,
      [batchId],
    );
  },
};
