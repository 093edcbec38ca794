import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db/store.js';
import { WarningRepository } from '../../src/repositories/warning.repository.js';
import { recordLead, type NewLead } from '../../src/services/lead.service.js';
import { createHouseholdIn, createTestbed, OTHER_COUNTY_VILLAGE, VILLAGE_A, type Testbed } from '../support/api.js';

/**
 * Who waits for a lead being recorded (issue 19 §2, the month-start peak): another report about the same
 * household, and a department import, must wait for it to commit; a lead about another household must not (a
 * global lock made every lead of a province wait for the one before). PostgreSQL only: PGlite has one session.
 */
describe.runIf(process.env.DATABASE_URL)('locks taken by a lead being recorded (postgres)', () => {
  let tb: Testbed;
  let householdA: string;
  let householdB: string;

  const lead = (regionCode: string, householdId: string): NewLead => ({
    regionCode,
    householdId,
    channel: 'cadre_screening',
    subChannel: 'visit',
    riskTypes: ['illness'],
    description: '走访发现家庭成员患病',
    discoveredAt: new Date('2024-06-03T02:00:00Z'),
    createdBy: null,
  });

  /** Runs `fn` in a transaction that fails rather than wait more than a second for a lock. */
  const impatient = <T>(fn: (tx: Tx) => Promise<T>) =>
    tb.store.transaction(async (tx) => {
      await tx.client.query(`set local lock_timeout = '1s'`);
      return fn(tx);
    });

  /** While one lead about household A is recorded and not yet committed, run `fn`. */
  async function whileRecording<T>(fn: () => Promise<T>): Promise<T> {
    let recorded!: () => void;
    let finish!: () => void;
    const isRecorded = new Promise<void>((r) => (recorded = r));
    const mayFinish = new Promise<void>((r) => (finish = r));
    const holder = tb.store.transaction(async (tx) => {
      await recordLead(tx, tb.system, lead(VILLAGE_A, householdA));
      recorded();
      await mayFinish;
    });
    await isRecorded;
    try {
      return await fn();
    } finally {
      finish();
      await holder;
    }
  }

  beforeAll(async () => {
    tb = await createTestbed('postgres');
    householdA = (await createHouseholdIn(tb, VILLAGE_A)).household.id;
    householdB = (await createHouseholdIn(tb, OTHER_COUNTY_VILLAGE)).household.id;
  });
  afterAll(async () => tb?.close());

  it('lets a lead about another household (another county) through at once', async () => {
    const other = await whileRecording(() =>
      impatient((tx) => recordLead(tx, tb.system, lead(OTHER_COUNTY_VILLAGE, householdB))),
    );
    expect(other.lead.status).toBe('open');
  });

  it('makes a second report about the same household wait, so it joins the first instead of opening another', async () => {
    await expect(
      whileRecording(() => impatient((tx) => recordLead(tx, tb.system, lead(VILLAGE_A, householdA)))),
    ).rejects.toThrow(/lock timeout/);
  });

  it('makes a department import wait for it', async () => {
    await expect(whileRecording(() => impatient((tx) => new WarningRepository(tx.client).lock()))).rejects.toThrow(
      /lock timeout/,
    );
  });
});
