/**
 * The phases of a feed import, in its one transaction: parse and match (segment by segment, feed-segments.ts), store
 * the row problems, raise warnings under each region's policy and attach or open leads, and finish the batch.
 */
import fs from 'node:fs';
import { addDays, Department } from '@dixian/core';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import { lineChunks, runParse, type ParseOutcome, type ParseProgress } from '../feeds/parse.js';
import type { probeSource, SourceInfo, TextEncoding } from '../feeds/source.js';
import type { Splicer } from '../feeds/splice.js';
import type { StageStats } from '../feeds/stage.js';
import { PolicyBook } from '../policies/policy-at.js';
import { FeedRepository } from '../repositories/feed.repository.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { WarningRepository, type PolicyPartition } from '../repositories/warning.repository.js';
import type { FeedServiceContext } from './context.js';
import { storeSegments } from './feed-segments.js';

/** What an import is given: the department and the file, and how to read it and follow it. */
export interface ImportFeedInput {
  department: string;
  /** path of the uploaded or given file */
  file: string;
  /** the name the department gave the file (defaults to the path's base name) */
  fileName?: string | undefined;
  /** 6-digit county the feed is for; defaults to the actor's county scope */
  countyCode?: string | undefined;
  /** override encoding detection for CSV */
  encoding?: TextEncoding | undefined;
  /** import this sheet of an .xlsx (default: the first with a header) */
  sheet?: string | undefined;
  /** the new batch's id (default: a fresh one), so a caller can follow the import before it commits */
  batchId?: string | undefined;
  /** parse on a worker thread (default: when the file is over WORKER_THRESHOLD_BYTES) */
  worker?: boolean | undefined;
  /** worker threads that parse a large CSV side by side (default: one a core, up to four; 1: one parser) */
  parsers?: number | undefined;
  /** bytes of a block a parser takes at a time (default ~1 MiB; tests make it small to cut a file in many) */
  blockBytes?: number | undefined;
  /** called as each phase ends (the CLI and the benchmark print the timings) */
  onPhase?: ((phase: ImportPhase) => void) | undefined;
  /** rows and bytes read while the file is parsed */
  onProgress?: ((p: ParseProgress) => void) | undefined;
}

/**
 * Phases of an import, in order: `parsed` (the file read and normalised, and, overlapping it segment by segment,
 * its rows matched and stored), `stored` (the row problems written), `warnings`, `leads` (attached or opened),
 * `done` (committed).
 */
export const IMPORT_PHASES = ['parsed', 'stored', 'warnings', 'leads', 'done'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/** Everything the import learned, stored in feed_batch.stats and shown in the report. */
export interface FeedImportStats extends StageStats {
  source: SourceInfo;
  outsideScope: number;
  issuesSaved: number;
  warningsCreated: number;
  duplicates: number;
  attachedToCase: number;
  attachedToLead: number;
  leadsCreated: number;
  policies: { prefix: string; version: string }[];
  receivedOn: string;
}

/** What the phases of one import share. */
export interface ImportRun {
  ctx: FeedServiceContext;
  input: ImportFeedInput;
  department: Department;
  countyCode: string | null;
  scopePrefix: string;
  receivedAt: Date;
  receivedOn: string;
  info: ReturnType<typeof probeSource>;
  spoolDir: string;
}

/**
 * 1. Parse (on a worker for large files) and, segment by segment while the parser reads on, match each segment to
 * the registry and COPY its rows into feed_row with their match spliced in. The registry's name where the file gives
 * another for the same ID number becomes a notice.
 */
export async function parseAndMatch(tx: Tx, run: ImportRun, id: string, issuesFile: string) {
  const { input, department, info, receivedOn } = run;
  const parse = runParse(
    {
      file: input.file,
      department,
      info,
      sheet: input.sheet,
      receivedOn,
      today: receivedOn,
      batchId: id,
      spoolDir: run.spoolDir,
      issuesFile,
    },
    { worker: input.worker, parsers: input.parsers, blockBytes: input.blockBytes, onProgress: input.onProgress },
  );
  try {
    const { match, names } = await storeSegments(tx, parse.chunks, id, run.scopePrefix);
    const parsed = await parse.done;
    return { ...parsed, match, names };
  } catch (err) {
    await parse.cancel();
    throw err;
  }
}

/** 2. The row problems, the name notices after them, by COPY. */
export async function storeIssues(
  tx: Tx,
  id: string,
  parsed: ParseOutcome & { match: Splicer['counts']; names: string },
) {
  const feeds = FeedRepository.in(tx);
  if (parsed.names) fs.appendFileSync(parsed.issuesFile, parsed.names);
  const issuesSaved = await feeds.loadIssues(tx, id, lineChunks(parsed.issuesFile));
  await feeds.analyzeRows();
  return { match: parsed.match, issuesSaved };
}

/** 3. Warnings under each region's policy on the day received, attached to open work or opening leads. */
export async function raiseWarnings(tx: Tx, run: ImportRun, id: string) {
  const { department, receivedOn, receivedAt, input } = run;
  const feeds = FeedRepository.in(tx);
  const warnings = new WarningRepository(tx.client);
  await warnings.lock();
  const records = await new PolicyRepository(tx.db).all();
  const partitions = partitionsFor(
    await feeds.matchedCounties(id, run.scopePrefix),
    records.map((r) => r.regionPrefix),
  );
  const book = new PolicyBook(records);
  const resolved = partitions.map((p) => ({ p, policy: book.at(p.prefix, receivedOn) }));
  let created = 0;
  for (const { p, policy } of resolved) {
    created += await warnings.generate(
      id,
      department,
      p,
      policy.warnings,
      addDays(receivedOn, policy.deadlines.verificationDays),
    );
  }
  input.onPhase?.('warnings');
  const attached = await warnings.attachToOpen(id);
  let leadsCreated = 0;
  for (const { p, policy } of resolved) {
    const r = await warnings.createLeads(
      id,
      department,
      Department.labels[department].zh,
      p,
      receivedAt,
      addDays(receivedOn, policy.deadlines.verificationDays),
      addDays(receivedOn, policy.deadlines.identificationDays),
    );
    leadsCreated += r.leads;
  }
  input.onPhase?.('leads');
  return { created, attached, leadsCreated, resolved, duplicates: await warnings.duplicatesOf(id) };
}

/** Policy partitions of the matched counties: each county, minus the townships and villages with their own. */
function partitionsFor(counties: string[], prefixes: string[]): PolicyPartition[] {
  const out: PolicyPartition[] = [];
  for (const county of counties) {
    const subs = [...new Set(prefixes.filter((p) => p.length > 6 && p.startsWith(county)))];
    for (const prefix of [county, ...subs]) {
      out.push({ prefix, exclude: subs.filter((s) => s.length > prefix.length && s.startsWith(prefix)) });
    }
  }
  return out;
}

/** 4. The batch's figures, and who imported what (issue 5 §1): the file by name and hash, and what it did. */
export async function finish(
  tx: Tx,
  run: ImportRun,
  id: string,
  r: Awaited<ReturnType<typeof storeIssues>> &
    Awaited<ReturnType<typeof raiseWarnings>> & { stage: StageStats; fileName: string; sha256: string },
): Promise<void> {
  const { ctx, department, countyCode, scopePrefix } = run;
  const { stage, match, created, attached, leadsCreated } = r;
  const stats: FeedImportStats = {
    ...stage,
    source: run.info,
    outsideScope: match.outsideScope,
    issuesSaved: r.issuesSaved,
    warningsCreated: created,
    duplicates: r.duplicates,
    attachedToCase: attached.toCase,
    attachedToLead: attached.toLead,
    leadsCreated,
    policies: r.resolved.map(({ p, policy }) => ({ prefix: p.prefix, version: policy.versionLabel })),
    receivedOn: run.receivedOn,
  };
  const unmatched = match.unmatched + match.outsideScope;
  const { rowsTotal: total, rowsValid: valid, rowsInvalid: invalid } = stage;
  await FeedRepository.in(tx).finishBatch(
    id,
    { total, valid, invalid, matched: match.matched, unmatched, warnings: created },
    stats,
  );
  await appendAudit(
    tx,
    { actor: ctx.actor, requestId: ctx.requestId ?? null, now: ctx.now },
    {
      action: 'feed.import',
      targetType: 'feed_batch',
      targetId: id,
      regionCode: countyCode ?? scopePrefix,
      detail: {
        department,
        fileName: r.fileName,
        sha256: r.sha256,
        rows: total,
        valid,
        invalid,
        matched: match.matched,
        unmatched,
        warnings: created,
        leads: leadsCreated,
        attached: attached.toCase + attached.toLead,
      },
    },
  );
}
