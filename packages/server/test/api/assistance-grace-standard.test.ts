/**
 * 渐退 against this year's standard (issue 16 §3; S2 §二(一)1 "家庭人均收入超过当年低保标准且不高于2倍的,视其情况实行3—12个
 * 月的渐退救助期"): the review compares the income with the standard of the area on the day of the review, not the
 * one the case was approved with. The county raises the rural standard from 500 to 550 元 a month on 2024-06-01.
 */
import type { AssistanceCaseView, ErrorBody } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { dibaoApplication } from '../support/records.js';

type Answer = AssistanceCaseView & ErrorBody;

describe.each(engines)('低保 grace period at the current standard on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    const raised = await (
      await tb.as('admin')
    ).post('/api/policies', {
      regionPrefix: '220681',
      year: 2024,
      effectiveFrom: '2024-06-01',
      docNo: '临民发〔2024〕5号',
      docTitle: '关于提高城乡低保标准的通知',
      body: { dibao: { ruralMonthlyFen: 55_000 } },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
  });
  afterAll(async () => {
    await tb?.close();
  });

  async function approvedInMarch(): Promise<AssistanceCaseView> {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const applied = await (await tb.as('cadre')).post<Answer>('/api/assistance', dibaoApplication(h));
    const c = applied.body;
    const approved = await (
      await tb.as('township')
    ).post<Answer>(`/api/assistance/${c.id}/decision`, {
      version: c.version,
      decision: 'approve',
      decidedOn: '2024-03-10',
    });
    expect(approved.body.standardFen).toBe(50_000);
    return approved.body;
  }
  const review = async (c: AssistanceCaseView, perCapitaIncomeFen: number) =>
    (await tb.as('township')).post<Answer>(`/api/assistance/${c.id}/grace`, {
      version: c.version,
      assessedOn: '2024-06-03',
      perCapitaIncomeFen,
    });

  it('S2 §二(一)1: 6,300 元 a year is above the old 6,000 but not the new 6,600: the household stays on 低保', async () => {
    const c = await approvedInMarch();
    const r = await review(c, 630_000);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('收入未超过低保标准');
  });

  it('S2 §二(一)1: one fen above the new standard starts the grace; twice the new standard is its limit', async () => {
    const c = await approvedInMarch();
    const started = await review(c, 660_001);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ graceStartOn: '2024-07-01', graceIncomeFen: 660_001 });
    const other = await approvedInMarch();
    // 13,200 元 is exactly twice the new standard: still a grace period (不高于2倍); twice the old one would exit
    expect((await review(other, 1_320_000)).status).toBe(200);
  });
});
