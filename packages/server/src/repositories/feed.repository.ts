import type { RawClient } from '../db/driver.js';
import type { CopyTextSource, Store, Tx } from '../db/store.js';
import { ISSUE_COLUMNS, MATCH_COLUMNS, ROW_SPOOL_COLUMNS, type SegmentIds } from '../feeds/parse.js';

/** A feed batch as the services and the report see it. */
export interface FeedBatchRecord {
  id: string;
  department: string;
  countyCode: string | null;
  fileName: string;
  fileSha256: string;
  format: string;
  encoding: string | null;
  status: 'staging' | 'done' | 'failed' | 'undone';
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

/** What became of a row at the match (feed_row.outcome). */
export type FeedRowOutcome = 'invalid' | 'unmatched' | 'outside_scope' | 'matched';

/** One matched row, as the match gives it (in row order). */
export interface MatchedRow {
  rowNo: number;
  memberId: string;
  householdId: string;
  inScope: boolean;
  /** the registry's name, when the file gives another for the same ID number */
  registeredName: string | null;
}

// raw queries return column names as written, so every column is aliased to the camelCase the code reads
const BATCH_COLUMNS = `id, department, county_code as "countyCode", file_name as "fileName",
  file_sha256 as "fileSha256", format, encoding, status, rows_total as "rowsTotal", rows_valid as "rowsValid",
  rows_invalid as "rowsInvalid", rows_matched as "rowsMatched", rows_unmatched as "rowsUnmatched",
  warnings_created as "warningsCreated", uploaded_by as "uploadedBy", started_at as "startedAt",
  finished_at as "finishedAt", error, stats`;

/**
 * SQL of the feed import: batches, set-based matching to members, and the streams the report reads. The file is
 * matched a segment at a time while the parser reads on (one statement per segment: the valid rows' ID numbers as
 * arrays, each looked up in member's index); the segment's rows, their match spliced in, reach feed_row by COPY,
 * so each is written once and by the bulk path (INSERT … SELECT writes tuple by tuple: measured ~3× slower, bench/reports/import.md).
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

  /** The first problems of a batch in row order, and how many there are (the upload page's summary). */
  async firstIssues(
    batchId: string,
    limit: number,
  ): Promise<{ rows: Pick<IssueRow, 'rowNo' | 'columnName' | 'problem' | 'severity'>[]; total: number }> {
    const r = await this.client.query<Pick<IssueRow, 'rowNo' | 'columnName' | 'problem' | 'severity'>>(
      `select row_no as "rowNo", column_name as "columnName", problem, severity
         from feed_issue where batch_id = $1 order by row_no, severity, column_name limit $2`,
      [batchId, limit],
    );
    const n = await this.client.query<{ n: number }>('select count(*)::int as n from feed_issue where batch_id = $1', [
      batchId,
    ]);
    return { rows: r.rows, total: Number(n.rows[0]?.n ?? 0) };
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
    id: string;
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
      `insert into feed_batch (id, department, county_code, file_name, file_sha256, format, encoding, uploaded_by,
         started_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [b.id, b.department, b.countyCode, b.fileName, b.sha256, b.format, b.encoding, b.uploadedBy, b.receivedAt],
    );
    return r.rows[0]!.id;
  }

  /** A failed import is recorded (status, error) with none of its rows; importing the file again replaces it. */
  async recordFailure(
    b: Omit<Parameters<FeedRepository['insertBatch']>[0], 'id'>,
    error: string,
    stats: object,
  ): Promise<string> {
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

  /** A failed or undone batch makes way for a new import of the same file. */
  async deleteFailedBatch(id: string): Promise<void> {
    // feed_row has no foreign key to the batch (see 0040_feeds.sql): delete its rows explicitly
    await this.client.query(
      `with b as (delete from feed_batch where id = $1 and status in ('failed', 'undone') returning id)
       delete from feed_row where batch_id in (select id from b)`,
      [id],
    );
  }

  /**
   * A bulk import is one long transaction of a few large set operations: JIT compilation costs more than it saves
   * there (measured ~1 s per statement), and hash joins of a million rows want more than the default work_mem.
   */
  async tuneForBulk(engine: 'pglite' | 'postgres'): Promise<void> {
    if (engine === 'postgres') await this.client.exec(`set local jit = off; set local work_mem = '128MB'`);
  }

  /**
   * The match of one segment, in row order: each valid row's ID number looked up in member's index (a segment is
   * small beside the registry: a hash join would read all of member for each). When the registry holds a number
   * twice (a data error), the member inside the scope, alive, with the smallest id wins, deterministically. A
   * person registered outside the scope is reported as such and not linked: a department sees its county only.
   */
  async matchSegment(scopePrefix: string, ids: SegmentIds): Promise<MatchedRow[]> {
    if (!ids.rowNo.length) return [];
    // member.county_code is the household's county (its partition key): no join to household for a county scope
    const inScope =
      scopePrefix === '' ? 'true' : scopePrefix.length === 6 ? 'm.county_code = $4' : `h.region_code like $4 || '%'`;
    const household = scopePrefix.length > 6 ? 'join household h on h.id = m.household_id' : '';
    const r = await this.client.query<MatchedRow>(
      `select s.row_no as "rowNo", m.id as "memberId", m.household_id as "householdId", m.in_scope as "inScope",
              case when s.person_name <> m.name then m.name end as "registeredName"
         from unnest($1::int[], $2::text[], $3::text[]) as s (row_no, id_number_index, person_name)
         cross join lateral (
           select m.id, m.household_id, m.name, ${inScope} as in_scope
             from member m ${household}
            where m.id_number_index = s.id_number_index collate "C"
            order by ${inScope} desc, (m.deceased_on is null) desc, m.id
            limit 1) m
        order by s.row_no`,
      scopePrefix === '' ? [ids.rowNo, ids.index, ids.name] : [ids.rowNo, ids.index, ids.name, scopePrefix],
    );
    return r.rows;
  }

  /** Rows with their match columns (ROW_SPOOL_COLUMNS then MATCH_COLUMNS), by COPY. */
  async loadRows(tx: Tx, chunks: CopyTextSource): Promise<void> {
    await tx.copyText('feed_row', [...ROW_SPOOL_COLUMNS, ...MATCH_COLUMNS], chunks);
  }

  /** Row problems (ISSUE_COLUMNS lines), by COPY; returns how many the batch has. */
  async loadIssues(tx: Tx, batchId: string, chunks: CopyTextSource): Promise<number> {
    await tx.copyText('feed_issue', ISSUE_COLUMNS, chunks);
    const r = await this.client.query<{ n: number }>(`select count(*)::int as n from feed_issue where batch_id = $1`, [
      batchId,
    ]);
    return Number(r.rows[0]!.n);
  }

  /** The warning rules read feed_row next: give the planner this batch's size. */
  async analyzeRows(): Promise<void> {
    await this.client.exec('analyze feed_row (batch_id, outcome, signal_type, member_id, household_id)');
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

  /**
   * Why a batch's warnings and leads cannot be undone (issue 12 #11): a warning verified or fed back, a lead
   * worked (no longer open, a case, a change, a report attached to it), or a later batch whose rows rely on one of
   * its warnings (they were not warned again because this one existed). Empty when the undo may go ahead.
   */
  async undoBlockers(batchId: string): Promise<UndoBlocker[]> {
    const r = await this.client.query<UndoBlocker>(
      `with w as (select * from department_warning where batch_id = $1)
       select w.source_row_no as "rowNo", w.person_name as "personName", 'warning_worked' as reason
         from w where w.verification_result is not null or w.verified_at is not null or w.feedback_at is not null
           or w.status not in ('received', 'lead_created', 'attached')
       union all
       select w.source_row_no, w.person_name, 'lead_worked'
         from w join lead l on l.id = w.lead_id
        where w.status = 'lead_created'
          and (l.status <> 'open' or l.case_id is not null or l.version > 1
               or exists (select 1 from monitoring_case c where c.lead_id = l.id)
               or exists (select 1 from lead a where a.attached_to_lead_id = l.id)
               or exists (select 1 from department_warning o where o.lead_id = l.id and o.batch_id is distinct from $1))
       union all
       select w.source_row_no, w.person_name, 'relied_on_by_later_batch'
         from w where exists (select 1 from feed_row r join feed_batch b on b.id = r.batch_id
                               where r.dedupe_key = w.dedupe_key and r.batch_id <> $1 and b.status = 'done')
       order by 1 limit 50`,
      [batchId],
    );
    return r.rows;
  }

  /** Remove a batch's warnings and the leads they opened; the batch is kept, marked undone. */
  async undoBatch(batchId: string, undo: object): Promise<{ warnings: number; leads: number }> {
    const leads = await this.client.query<{ id: string }>(
      `select distinct lead_id as id from department_warning
        where batch_id = $1 and status = 'lead_created' and lead_id is not null`,
      [batchId],
    );
    const warnings = await this.client.query(`delete from department_warning where batch_id = $1`, [batchId]);
    const ids = leads.rows.map((x) => x.id);
    const removed = ids.length ? await this.client.query(`delete from lead where id = any($1::uuid[])`, [ids]) : null;
    await this.client.query(
      `update feed_batch set status = 'undone', stats = stats || jsonb_build_object('undo', $2::jsonb) where id = $1`,
      [batchId, JSON.stringify(undo)],
    );
    return { warnings: warnings.affectedRows ?? 0, leads: removed?.affectedRows ?? 0 };
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

export interface UndoBlocker {
  rowNo: number | null;
  personName: string | null;
  reason: 'warning_worked' | 'lead_worked' | 'relied_on_by_later_batch';
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
