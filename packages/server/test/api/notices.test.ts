import type { ErrorBody, NoticeView } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHouseholdIn,
  createTestbed,
  memberInput,
  OTHER_TOWNSHIP_VILLAGE,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';
import { insertCase } from '../support/records.js';

/** A case in the public-notice stage with its notice row, as the case service writes them. */
async function onNotice(
  tb: Testbed,
  householdId: string,
  n: { purpose: 'identification' | 'elimination'; startOn: string; endOn: string; closedOn?: string },
): Promise<string> {
  const caseId = await insertCase(tb, householdId, {
    stage: n.purpose === 'identification' ? 'publicizing' : 'elimination_publicizing',
    discoveredOn: '2024-05-01',
    category: 'marginal_vulnerable',
    riskTypes: ['illness'],
    ...(n.purpose === 'identification'
      ? { noticeStartOn: n.startOn, noticeEndOn: n.endOn }
      : {
          confirmedOn: '2023-10-01',
          eliminationMethod: 'assisted' as const,
          eliminationNoticeStartOn: n.startOn,
          eliminationNoticeEndOn: n.endOn,
        }),
  });
  await sql`insert into public_notice (case_id, county_code, region_code, purpose, start_on, end_on, place, closed_on)
    select id, county_code, region_code, ${n.purpose}, ${n.startOn}::date, ${n.endOn}::date, '村委会公示栏', ${n.closedOn ?? null}::date
    from monitoring_case where id = ${caseId}`.execute(tb.store.db);
  if (n.purpose === 'elimination') {
    await sql`update monitoring_case set elimination_method = 'assisted' where id = ${caseId}`.execute(tb.store.db);
  }
  return caseId;
}

describe.each(engines)('the village public notice on %s (S3 §三(四); W2)', (engine) => {
  let tb: Testbed;
  const personal: string[] = [];
  beforeAll(async () => {
    tb = await createTestbed(engine);
    const make = async (name: string, naturalVillage: string) => {
      const h = await createHouseholdIn(tb, VILLAGE_A, {
        naturalVillage,
        members: [
          { ...memberInput('head', { name, seq: 700 + personal.length * 2 }), phone: '13904390077', disease: '尿毒症' },
          memberInput('daughter', { name: '欧阳娜娜', birthDate: '2001-02-02', seq: 800 + personal.length * 2 }),
        ],
      });
      personal.push(...h.members.map((m) => m.id));
      const clear = await sql<{
        idNumber: string;
      }>`select id_number from member where household_id = ${h.household.id}`.execute(tb.store.db);
      personal.push(...clear.rows.map((r) => r.idNumber));
      return h.household.id;
    };
    // posted 05-30 to 06-04 (the testbed's today is 06-03): on the board now
    await onNotice(tb, await make('张三', '一组'), {
      purpose: 'identification',
      startOn: '2024-05-30',
      endOn: '2024-06-04',
    });
    await onNotice(tb, await make('李四光', '二组'), {
      purpose: 'identification',
      startOn: '2024-05-30',
      endOn: '2024-06-04',
    });
    // an earlier notice, taken down on 05-12 after an objection
    await onNotice(tb, await make('赵五', '一组'), {
      purpose: 'identification',
      startOn: '2024-05-10',
      endOn: '2024-05-15',
      closedOn: '2024-05-12',
    });
    await onNotice(tb, await make('钱六', '三组'), {
      purpose: 'elimination',
      startOn: '2024-06-01',
      endOn: '2024-06-06',
    });
    // a notice of another village
    const b = await createHouseholdIn(tb, VILLAGE_B);
    await onNotice(tb, b.household.id, { purpose: 'identification', startOn: '2024-05-30', endOn: '2024-06-04' });
    await sql`update app_user set phone = '0439-5221234' where id = ${tb.users.township.id}`.execute(tb.store.db);
    await sql`update app_user set phone = '0439-5229876' where id = ${tb.users.cadre.id}`.execute(tb.store.db);
  });
  afterAll(async () => {
    await tb?.close();
  });

  const notice = async (query: string, user: Parameters<Testbed['as']>[0] = 'cadre') =>
    (await tb.as(user)).get<NoticeView & ErrorBody>(`/api/notices?${query}`);

  it('S3 §三(四): lists the households on the board today with the period, masked names and where to object', async () => {
    const r = await notice(`region=${VILLAGE_A}&active=true`);
    expect(r.status).toBe(200);
    expect(r.body.village).toEqual({ code: VILLAGE_A, name: '西大川村' });
    expect(r.body.township).toEqual({ code: '220681100', name: '桦树镇' });
    expect(r.body.county).toEqual({ code: '220681', name: '临江市' });
    expect(r.body.title.zh).toBe('西大川村防止返贫监测对象识别认定公示');
    expect(r.body.periods).toHaveLength(1);
    const p = r.body.periods[0]!;
    expect(p).toMatchObject({
      startOn: '2024-05-30',
      endOn: '2024-06-04',
      days: 5,
      active: true,
      place: '村委会公示栏',
    });
    expect(p.households.map((h) => [h.headName, h.naturalVillage, h.size, h.category])).toEqual([
      ['张*', '一组', 2, 'marginal_vulnerable'],
      ['李**', '二组', 2, 'marginal_vulnerable'],
    ]);
    expect(r.body.objection).toEqual({
      villageCommittee: { name: '西大川村村民委员会', contacts: [{ name: '测试cadre', phone: '0439-5229876' }] },
      township: { name: '桦树镇人民政府', contacts: [{ name: '测试township', phone: '0439-5221234' }] },
      hotline: '12317',
      text: expect.objectContaining({ zh: expect.stringContaining('12317') }),
    });
  });

  it('W2: carries no ID numbers, phones, health data, risk types or household numbers', () =>
    notice(`region=${VILLAGE_A}`).then((r) => {
      const text = JSON.stringify(r.body);
      for (const value of personal) expect(text).not.toContain(value);
      for (const value of [
        '13904390077',
        '尿毒症',
        '高血压',
        'illness',
        '张三',
        '李四光',
        '欧阳娜娜',
        VILLAGE_A + '0',
      ]) {
        expect(text).not.toContain(value);
      }
    }));

  it('shows earlier notices (an objection took one down early) and the elimination notice apart', async () => {
    const all = await notice(`region=${VILLAGE_A}`);
    expect(all.body.periods.map((p) => [p.startOn, p.active])).toEqual([
      ['2024-05-30', true],
      ['2024-05-10', false],
    ]);
    expect(all.body.periods[1]!.households).toMatchObject([{ headName: '赵*', withdrawn: true }]);
    const ended = await notice(`region=${VILLAGE_A}&active=false`);
    expect(ended.body.periods.map((p) => p.startOn)).toEqual(['2024-05-10']);
    const elimination = await notice(`region=${VILLAGE_A}&purpose=elimination`);
    expect(elimination.body.title.zh).toBe('西大川村防止返贫监测对象风险消除公示');
    expect(elimination.body.periods[0]!.households).toMatchObject([{ headName: '钱*', eliminationMethod: 'assisted' }]);
    // judged on another day: on 06-05 the identification notice is down
    expect((await notice(`region=${VILLAGE_A}&active=true&asOf=2024-06-05`)).body.periods).toEqual([]);
  });

  it('answers a village outside the area like a missing one, and refuses what is not a village', async () => {
    expect((await notice(`region=${VILLAGE_B}`)).status).toBe(404);
    expect((await notice(`region=${OTHER_TOWNSHIP_VILLAGE}`, 'township')).status).toBe(404);
    expect((await notice(`region=${VILLAGE_B}`, 'township')).body.periods[0]!.households).toHaveLength(1);
    const township = await notice('region=220681100');
    expect(township.status).toBe(400);
    expect(township.body.error.issues[0]!.path).toBe('querystring.region');
    expect((await notice(`region=${VILLAGE_A}`, 'dept')).status).toBe(403);
  });
});
