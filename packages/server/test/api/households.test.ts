import { chinaDate, makeIdNumber } from '@dixian/core';
import type { HouseholdAssessmentView } from '@dixian/core/api/assessment';
import type {
  AuditPage,
  ErrorBody,
  HouseholdDetail,
  HouseholdPage,
  HouseholdView,
  IncomeView,
  MemberView,
  UnmaskResponse,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, memberInput, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

const INJECTIONS = [
  `'; drop table household; --`,
  `" or 1=1 --`,
  `<script>alert('x')</script>`,
  `<img src=x onerror="alert(1)">`,
  `\\'); delete from member; --`,
  `%_%`,
];

describe.each(engines)('households, members and incomes on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('registers a household through the API: sex and birth date come from the ID number, which is stored normalised', async () => {
    const cadre = await tb.as('cadre');
    const id15 = makeIdNumber('220681', '1955-04-30', 13, 'male');
    const legacy = id15.slice(0, 6) + id15.slice(8, 17); // the 15-digit form of the same number
    const r = await cadre.post<HouseholdDetail>('/api/households', {
      regionCode: VILLAGE_A,
      householdNo: '220681100200A001',
      address: '西大川村三组',
      phone: '13904390000',
      members: [
        { name: '赵大山', relation: 'head', idNumber: legacy },
        {
          name: '赵小妹',
          relation: 'daughter',
          idNumber: makeIdNumber('220681', '2010-06-01', 22, 'female').toLowerCase(),
        },
      ],
    });
    expect(r.status).toBe(201);
    const [head, daughter] = r.body.members;
    // the birth date is masked to its year (with the masked ID number it would give the number); the age is shown
    expect(head).toMatchObject({ name: '赵大山', sex: 'male', birthDate: '1955-**-**', age: 69, relation: 'head' });
    expect(daughter).toMatchObject({ sex: 'female', birthDate: '2010-**-**', age: 14 });
    const stored = await tb.store.db
      .selectFrom('member')
      .select('idNumber')
      .where('id', '=', head!.id)
      .executeTakeFirstOrThrow();
    expect(stored.idNumber).toBe(id15);
    expect(r.body.household.regionName).toBe('吉林省白山市临江市桦树镇西大川村');
    expect(r.body.timeline.map((t) => t.action)).toEqual(['household.create']);
  });

  it('R6/DOMAIN §8.1: refuses a bad check digit, a sex that contradicts the ID number, two heads — naming each field', async () => {
    const cadre = await tb.as('cadre');
    const good = makeIdNumber('220681', '1980-01-01', 41, 'male');
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = await cadre.post<ErrorBody>('/api/households', {
      regionCode: VILLAGE_A,
      householdNo: '220681100200A002',
      members: [
        { name: '甲', relation: 'head', idNumber: badCheck },
        { name: '乙', relation: 'head', idNumber: good, sex: 'female' },
        { name: '丙', relation: 'son' },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const byPath = Object.fromEntries(r.body.error.issues.map((i) => [i.path, i.message]));
    expect(byPath['body.members.0.idNumber']).toMatch(/校验位/);
    expect(byPath['body.members.1.sex']).toMatch(/性别与身份证号不符/);
    expect(byPath['body.members.2.sex']).toMatch(/须填写性别/);
    expect(byPath['body.members.2.birthDate']).toMatch(/须填写出生日期/);
    expect(byPath['body.members']).toMatch(/只能有一名户主/);
  });

  it('refuses a household outside the caller’s village (403) and one on a township code (400)', async () => {
    const cadre = await tb.as('cadre');
    const body = { householdNo: 'X1', members: [memberInput('head', { seq: 901 })] };
    expect((await cadre.post('/api/households', { ...body, regionCode: '220681100201' })).status).toBe(403);
    const township = await cadre.post<ErrorBody>('/api/households', { ...body, regionCode: '220681100' });
    expect(township.status).toBe(400);
    expect(township.body.error.issues[0]!.path).toBe('body.regionCode');
  });

  it('stores SQL-injection and script payloads as plain data and returns them unchanged', async () => {
    const cadre = await tb.as('cadre');
    for (const [i, text] of INJECTIONS.entries()) {
      const r = await cadre.post<HouseholdDetail>('/api/households', {
        regionCode: VILLAGE_A,
        householdNo: `INJ${i}`,
        address: text,
        naturalVillage: text,
        members: [{ name: text, relation: 'head', sex: 'male', birthDate: '1970-01-01', disease: text }],
      });
      expect(r.status, text).toBe(201);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const detail = await cadre.get<HouseholdDetail>(`/api/households/${r.body.household.id}`);
      expect(detail.body.household.address).toBe(text);
      expect(detail.body.members[0]!.name).toBe(text);
      const found = await cadre.get<HouseholdPage>(`/api/households?q=${encodeURIComponent(text)}`);
      expect(
        found.body.items.map((h) => h.householdNo),
        text,
      ).toEqual([`INJ${i}`]);
    }
    // the tables are all still there, and LIKE wildcards in a search are literal
    expect(
      (await cadre.get<HouseholdPage>(`/api/households?q=${encodeURIComponent('%')}`)).body.items.map(
        (h) => h.householdNo,
      ),
    ).toEqual(['INJ5']);
    const counts = await tb.store.transaction((tx) =>
      tx.client.query<{ h: number; m: number }>(
        'select (select count(*) from household) as h, (select count(*) from member) as m',
      ),
    );
    expect(Number(counts.rows[0]!.h)).toBeGreaterThanOrEqual(INJECTIONS.length);
    expect(Number(counts.rows[0]!.m)).toBeGreaterThanOrEqual(INJECTIONS.length);
  });

  it('masks ID numbers, phones and health details everywhere; unmask returns them and is audited with the reason', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const cadre = await tb.as('cadre');
    const detail = (await cadre.get<HouseholdDetail>(`/api/households/${h.household.id}`)).body;
    const head = detail.members.find((m) => m.relation === 'head')!;
    expect(head.idNumber).toMatch(/^220\*{13}\d[\dX]$/);
    expect(head.phone).toBe('138****0001');
    expect(head.disease).toBe('***');
    expect(detail.household.phone).toBe('139****1234');
    const list = await cadre.get<HouseholdPage>(`/api/households?q=${h.household.householdNo}`);
    expect(list.body.items[0]!.headIdNumber).toBe(head.idNumber);
    expect(JSON.stringify(detail)).not.toMatch(/\d{17}[\dX]/);

    const clear = await cadre.post<UnmaskResponse>(`/api/households/${h.household.id}/unmask`, {
      reason: '电话回访 / phone follow-up',
      memberIds: [head.id],
    });
    expect(clear.status).toBe(200);
    const stored = await tb.store.db
      .selectFrom('member')
      .select(['idNumber', 'birthDate', 'phone', 'disease'])
      .where('id', '=', head.id)
      .executeTakeFirstOrThrow();
    expect(clear.body.members).toEqual([{ id: head.id, ...stored }]);
    expect(clear.body.household.phone).toBe('13904391234');

    const inspector = await tb.as('inspector');
    const audit = await inspector.get<AuditPage>(`/api/audit?action=personal_data.unmask&targetId=${h.household.id}`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actorUsername: 'cadre',
      targetType: 'household',
      detail: { reason: '电话回访 / phone follow-up', memberIds: [head.id] },
    });
    // the audit log never holds the clear values
    expect(JSON.stringify(audit.body)).not.toContain(stored.idNumber!);

    const dept = await tb.as('dept');
    expect((await dept.post(`/api/households/${h.household.id}/unmask`, { reason: 'x' })).status).toBe(403);
  });

  it('updates with optimistic concurrency: a stale version answers 409 and changes nothing', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const a = await tb.as('cadre');
    const b = await tb.as('township');
    const first = await a.patch<HouseholdView>(`/api/households/${h.household.id}`, {
      version: 1,
      housingSafetyGrade: 'C',
      phone: '13700000000',
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await b.patch<ErrorBody>(`/api/households/${h.household.id}`, {
      version: 1,
      housingSafetyGrade: 'A',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const row = await tb.store.db
      .selectFrom('household')
      .select(['housingSafetyGrade', 'version'])
      .where('id', '=', h.household.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ housingSafetyGrade: 'C', version: 2 });
    // the change is audited with before and after of the changed fields only, phones masked
    const entry = await tb.store.db
      .selectFrom('auditLog')
      .select(['before', 'after'])
      .where('action', '=', 'household.update')
      .where('targetId', '=', h.household.id)
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({
      before: { housingSafetyGrade: null, phone: '139****1234' },
      after: { housingSafetyGrade: 'C', phone: '137****0000' },
    });
  });

  it('rejects unknown fields and status flags the case services own', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const r = await (
      await tb.as('cadre')
    ).patch<ErrorBody>(`/api/households/${h.household.id}`, {
      version: 1,
      monitoringStatus: 'risk_eliminated',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
  });

  it('members: one head at most, the head cannot be deleted, an ID number lives in one household of the county', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const other = await createHouseholdIn(tb, VILLAGE_A);
    const c = await tb.as('cadre');
    const url = `/api/households/${h.household.id}/members`;
    const secondHead = await c.post<ErrorBody>(url, {
      name: '二户主',
      relation: 'head',
      sex: 'male',
      birthDate: '1960-01-01',
    });
    expect(secondHead.status).toBe(422);
    const otherHeadId = (
      await tb.store.db
        .selectFrom('member')
        .select('idNumber')
        .where('householdId', '=', other.household.id)
        .where('relation', '=', 'head')
        .executeTakeFirstOrThrow()
    ).idNumber;
    const dup = await c.post<ErrorBody>(url, { name: '重复', relation: 'son', idNumber: otherHeadId });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).not.toContain(other.household.id);

    const son = await c.post<MemberView>(url, {
      name: '王小军',
      relation: 'son',
      sex: 'male',
      birthDate: '1995-05-05',
    });
    expect(son.status).toBe(201);
    const renamed = await c.patch<MemberView>(`${url}/${son.body.id}`, {
      version: 1,
      name: '王晓军',
      laborCapacity: 'skilled',
    });
    expect(renamed.body).toMatchObject({ name: '王晓军', laborCapacity: 'skilled', version: 2 });
    expect((await c.patch(`${url}/${son.body.id}`, { version: 1, name: '旧版本' })).status).toBe(409);
    const head = h.members.find((m) => m.relation === 'head')!;
    expect((await c.delete(`${url}/${head.id}?version=${head.version}`)).status).toBe(422);
    expect((await c.delete(`${url}/${son.body.id}?version=1`)).status).toBe(409);
    expect((await c.delete(`${url}/${son.body.id}?version=2`)).status).toBe(200);
    const timeline = (await c.get<HouseholdDetail>(`/api/households/${h.household.id}`)).body.timeline;
    expect(timeline.map((t) => t.action).slice(0, 3)).toEqual(['member.delete', 'member.update', 'member.create']);
  });

  it('S0 二 note 2 (counted members), issue 14 §1: a daughter who marries out stays on the record, leaves the count, and cannot leave twice', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const c = await tb.as('cadre');
    const url = `/api/households/${h.household.id}/members`;
    const daughter = await c.post<MemberView>(url, {
      name: '王小芳',
      relation: 'daughter',
      sex: 'female',
      birthDate: '1998-02-02',
    });
    const counted = async () =>
      (await c.get<HouseholdAssessmentView>(`/api/households/${h.household.id}/assessment`)).body.assessment.income
        .countedMembers;
    expect(await counted()).toBe(3);
    const left = await c.post<MemberView>(`${url}/${daughter.body.id}/leave`, {
      version: 1,
      leftOn: '2024-05-01',
      reason: 'marriage_out',
    });
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({
      leftOn: '2024-05-01',
      leftReason: 'marriage_out',
      registeredHere: false,
      livesAndShares: false,
    });
    expect(await counted()).toBe(2);
    const detail = await c.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(detail.body.members.map((m) => m.name)).toContain('王小芳');
    expect(detail.body.timeline[0]!.action).toBe('member.leave');
    const again = await c.post<ErrorBody>(`${url}/${daughter.body.id}/leave`, {
      version: 2,
      leftOn: '2024-05-02',
      reason: 'moved_out',
    });
    expect(again.status).toBe(422);
    const head = h.members.find((m) => m.relation === 'head')!;
    expect(
      (await c.post(`${url}/${head.id}/leave`, { version: head.version, leftOn: '2024-05-01', reason: 'moved_out' }))
        .status,
    ).toBe(422);
    const spouse = h.members.find((m) => m.relation === 'spouse')!;
    const future = await c.post<ErrorBody>(`${url}/${spouse.id}/leave`, {
      version: spouse.version,
      leftOn: '2099-01-01',
      reason: 'moved_out',
    });
    expect(future.status).toBe(400);
    expect(future.body.error.issues[0]!.path).toBe('body.leftOn');
  });

  it('incomes: components in fen, one annual record a year, period in order, update and delete audited', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const c = await tb.as('cadre');
    const url = `/api/households/${h.household.id}/incomes`;
    const base = { year: 2023, kind: 'annual', periodStart: '2023-01-01', periodEnd: '2023-12-31' };
    const created = await c.post<IncomeView>(url, { ...base, wageFen: 1_850_000, transferFen: 320_050 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      wageFen: 1_850_000,
      transferFen: 320_050,
      businessGrossFen: 0,
      recordedBy: tb.users.cadre.id,
    });
    expect((await c.post<ErrorBody>(url, base)).status).toBe(409);
    const snapshot = await c.post(url, { ...base, kind: 'at_identification', periodStart: '2023-06-01' });
    expect(snapshot.status).toBe(201);
    const backwards = await c.post<ErrorBody>(url, {
      ...base,
      year: 2022,
      periodStart: '2022-12-31',
      periodEnd: '2022-01-01',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.issues[0]!.path).toBe('body.periodEnd');
    const fractional = await c.post<ErrorBody>(url, { ...base, year: 2021, wageFen: 12.5 });
    expect(fractional.status).toBe(400);
    const updated = await c.patch<IncomeView>(`${url}/${created.body.id}`, { wageFen: 1_900_000 });
    expect(updated.body.wageFen).toBe(1_900_000);
    expect((await c.delete(`${url}/${created.body.id}`)).status).toBe(200);
    expect((await c.delete(`${url}/${created.body.id}`)).status).toBe(404);
    const detail = (await c.get<HouseholdDetail>(`/api/households/${h.household.id}`)).body;
    expect(detail.incomes.map((i) => i.kind)).toEqual(['at_identification']);
    expect(detail.timeline.map((t) => t.action).slice(0, 4)).toEqual([
      'income.delete',
      'income.update',
      'income.create',
      'income.create',
    ]);
  });

  it('the household page gathers cases, visits, measures and warnings into one timeline, newest first', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const hid = h.household.id;
    const idNumber = makeIdNumber('220681', '1968-03-15', 777, 'male');
    await tb.store.transaction(async (tx) => {
      const c = await tx.db
        .insertInto('monitoringCase')
        .values({
          householdId: hid,
          countyCode: '220681',
          regionCode: VILLAGE_A,
          stage: 'monitoring',
          category: 'sudden_hardship',
          riskTypes: ['illness'],
          discoveredAt: new Date('2024-03-01T01:00:00Z'),
          confirmedOn: '2024-03-12',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.db
        .insertInto('caseEvent')
        .values([
          {
            caseId: c.id,
            countyCode: '220681',
            seq: 1,
            action: 'start_verification',
            toStage: 'verifying',
            at: new Date('2024-03-01T02:00:00Z'),
          },
          {
            caseId: c.id,
            countyCode: '220681',
            seq: 2,
            action: 'county_confirm',
            fromStage: 'township_reviewed',
            toStage: 'monitoring',
            at: new Date('2024-03-12T02:00:00Z'),
          },
        ])
        .execute();
      const plan = await tx.db
        .insertInto('assistancePlan')
        .values({ caseId: c.id, householdId: hid, countyCode: '220681', createdOn: '2024-03-15' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.db
        .insertInto('assistanceMeasure')
        .values({
          planId: plan.id,
          householdId: hid,
          countyCode: '220681',
          category: 'comprehensive_security',
          type: 'health',
          startOn: '2024-03-20',
          status: 'implementing',
        })
        .execute();
      await tx.db
        .insertInto('visit')
        .values({
          householdId: hid,
          countyCode: '220681',
          regionCode: VILLAGE_A,
          visitedOn: '2024-04-02',
          method: 'home',
          newRisks: ['illness'],
        })
        .execute();
      await tx.db
        .insertInto('departmentWarning')
        .values({
          department: 'medical_insurance',
          countyCode: '220681',
          regionCode: VILLAGE_A,
          householdId: hid,
          personName: '王建国',
          idNumber,
          signalType: 'high_medical_cost',
          status: 'lead_created',
          dedupeKey: `t-${hid}`,
          createdAt: new Date('2024-02-20T00:00:00Z'),
        })
        .execute();
    });
    const d = (await (await tb.as('township')).get<HouseholdDetail>(`/api/households/${hid}`)).body;
    expect(d.cases).toEqual([
      expect.objectContaining({ stage: 'monitoring', category: 'sudden_hardship', confirmedOn: '2024-03-12' }),
    ]);
    expect(d.visits).toEqual([expect.objectContaining({ visitedOn: '2024-04-02', newRisks: ['illness'] })]);
    expect(d.measures).toEqual([expect.objectContaining({ type: 'health', status: 'implementing' })]);
    expect(d.warnings).toEqual([
      expect.objectContaining({ department: 'medical_insurance', idNumber: '220*************' + idNumber.slice(-2) }),
    ]);
    const history = d.timeline.filter((t) => t.kind !== 'audit').map((t) => [t.kind, t.action, t.at.slice(0, 10)]);
    expect(history).toEqual([
      ['visit', 'visit', '2024-04-02'],
      ['measure', 'measure.implementing', '2024-03-20'],
      ['case_event', 'county_confirm', '2024-03-12'],
      ['case_event', 'start_verification', '2024-03-01'],
      ['warning', 'warning.lead_created', '2024-02-20'],
    ]);
  });

  it('a visit shows once on the timeline, with its note (not its audit record’s field names)', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const c = await tb.as('cadre');
    const day = chinaDate(tb.clock.now());
    const r = await c.post(`/api/households/${h.household.id}/visits`, {
      visitedOn: day,
      note: '家中老人住院，已联系医保',
    });
    expect(r.status).toBe(201);
    const d = (await c.get<HouseholdDetail>(`/api/households/${h.household.id}`)).body;
    expect(d.timeline.filter((t) => t.action.startsWith('visit'))).toEqual([
      expect.objectContaining({ kind: 'visit', detail: expect.objectContaining({ note: '家中老人住院，已联系医保' }) }),
    ]);
  });

  it('validation errors say what and where, in zh-CN and English', async () => {
    const c = await tb.as('cadre');
    const r = await c.get<ErrorBody>('/api/households?pageSize=1000&category=nonsense');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toBe('请求参数有误 / the request is invalid');
    expect(r.body.error.issues.map((i) => i.path).sort()).toEqual(['querystring.category', 'querystring.pageSize']);
    const bad = await c.request<ErrorBody>('POST', '/api/households', '{"broken json', {
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
  });
});
