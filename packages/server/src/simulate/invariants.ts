import { auditHash, GENESIS_HASH } from '../audit/audit-log.js';
import { verifyAuditChains } from '../audit/audit-verify.js';
import type { Store } from '../db/store.js';
import { SimulationRepository } from '../repositories/simulation.repository.js';

/**
 * The procedure's invariants, checked after every simulated day (issue 20 item 3): no confirmation without a
 * signed commitment and a notice; no eliminated household with the whole-household-no-labour flag; no statutory
 * deadline ever moving earlier; every case step audited, and the audit chain verifying. The first violation
 * stops the run, naming the invariant, the household and case, and the day.
 */

export type InvariantId = 'confirmation' | 'no_labor' | 'deadlines' | 'audited' | 'audit_chain';

export class InvariantViolation extends Error {
  constructor(
    readonly invariant: InvariantId,
    readonly day: string,
    readonly householdNo: string | null,
    readonly caseId: string | null,
    detail: string,
  ) {
    super(
      `不变量被破坏 / invariant broken: ${invariant} on ${day}` +
        `${householdNo ? `, household ${householdNo}` : ''}${caseId ? `, case ${caseId}` : ''}: ${detail}`,
    );
    this.name = 'InvariantViolation';
  }
}

export class InvariantChecker {
  /** each case's deadlines at the previous check */
  private readonly deadlines = new Map<string, { identification: string | null; plan: string | null }>();
  /** the verified head of the county's audit chain */
  private head = { seq: 0, hash: GENESIS_HASH };
  checks = 0;
  /** the simulation's first instant: case steps from then on must be audited */
  start = new Date(0);

  constructor(
    private readonly store: Store,
    private readonly county: string,
  ) {}

  private repo(): SimulationRepository {
    return new SimulationRepository(this.store.db);
  }

  /**
   * Every invariant on the state after `day`, over what changed since `since` (the day's first instant; the
   * epoch for a check of everything); throws the first violation found. Case steps before the simulation are
   * the seed's, written without the services, so `since` is never before the simulation's first day for them.
   */
  async check(day: string, since: Date): Promise<void> {
    this.checks++;
    const repo = this.repo();
    const [confirmed] = await repo.confirmedWithoutCommitmentOrNotice(this.county, since);
    if (confirmed)
      throw new InvariantViolation('confirmation', day, confirmed.householdNo, confirmed.caseId, confirmed.detail);
    const [flagged] = await repo.eliminatedWithNoLabor(this.county, since);
    if (flagged) throw new InvariantViolation('no_labor', day, flagged.householdNo, flagged.caseId, flagged.detail);
    await this.checkDeadlines(day, repo, since);
    const [unaudited] = await repo.unauditedSteps(this.county, since > this.start ? since : this.start);
    if (unaudited) {
      throw new InvariantViolation(
        'audited',
        day,
        unaudited.householdNo,
        unaudited.caseId,
        `step ${unaudited.detail} has no audit record`,
      );
    }
    await this.checkChainTail(day);
  }

  /** A deadline may be set or cleared (a case closes) but never moved to an earlier day. */
  private async checkDeadlines(day: string, repo: SimulationRepository, since: Date): Promise<void> {
    for (const d of await repo.deadlines(this.county, since)) {
      const before = this.deadlines.get(d.caseId);
      for (const [kind, now] of [
        ['identification', d.identificationDueOn],
        ['plan', d.planDueOn],
      ] as const) {
        const was = before?.[kind] ?? null;
        if (was && now && now < was) {
          throw new InvariantViolation(
            'deadlines',
            day,
            d.householdNo,
            d.caseId,
            `${kind} deadline moved from ${was} to ${now}`,
          );
        }
      }
      this.deadlines.set(d.caseId, {
        identification: d.identificationDueOn ?? before?.identification ?? null,
        plan: d.planDueOn ?? before?.plan ?? null,
      });
    }
  }

  /** The records appended to the county's chain since the last check link and hash correctly. */
  private async checkChainTail(day: string): Promise<void> {
    const tail = await this.store.transaction((tx) => SimulationRepository.auditAfter(tx, this.county, this.head.seq));
    for (const r of tail) {
      const bad =
        r.prevHash !== this.head.hash ? 'prev_hash_mismatch' : auditHash(r) !== r.hash ? 'hash_mismatch' : null;
      if (bad) throw new InvariantViolation('audit_chain', day, null, r.targetId, `audit record ${r.seq}: ${bad}`);
      this.head = { seq: r.seq, hash: r.hash };
    }
  }

  /** The whole log, every chain, from its genesis (monthly and at the end: a record changed after it was checked). */
  async verifyWhole(day: string): Promise<void> {
    const v = await verifyAuditChains(this.store);
    const broken = v.chains.find((c) => !c.ok);
    if (broken) {
      throw new InvariantViolation(
        'audit_chain',
        day,
        null,
        null,
        `chain ${broken.chain} broken at ${broken.firstBroken?.seq} (${broken.firstBroken?.reason})`,
      );
    }
  }
}
