import type {
  AssistanceCaseView,
  AssistancePage,
  DibaoIncomeView,
  ErrorBody,
  HouseholdDetail,
  TempReliefLedger,
} from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../src/services/member.service.js';
import { createHouseholdIn, createTestbed, TOWNSHIP, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

type User = Parameters<Testbed['as']>[0];
type Answer = AssistanceCaseView & ErrorBody;

describe.each(engines)('social assistance on %s (S2; S0 plan one)', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  const post = async (user: User, url: string, body: unknown) => (await tb.as(user)).post<Answer>(url, body);
  const apply = (user: User, body: Record<string, unknown>) => post(user, '/api/assistance', body);
  const decide = (user: User, c: AssistanceCaseView, body: Record<string, unknown>) =>
    post(user, `/api/assistance/${c.id}/decision`, { version: c.version, decidedOn: '2024-06-03', ...body });
  const household = async (village = VILLAGE_A): Promise<HouseholdDetail> => createHouseholdIn(tb, village);
  const flags = async (id: string) =>
    (
      await sql<{ receivesDibao: boolean; isTekun: boolean; dibaoSince: string | null; version: number }>`
        select receives_dibao, is_tekun, dibao_since, version from household where id = ${id}`.execute(tb.store.db)
    ).rows[0]!;
  const memberFlags = async (id: string) =>
    (
      await sql<{ receivesDibao: boolean; isTekun: boolean }>`
        select receives_dibao, is_tekun from member where household_id = ${id} order by relation = 'head' desc`.execute(
        tb.store.db,
      )
    ).rows;

  it('S2 §三(二): the village takes a 低保 application, the township confirms it, and the registry flags follow', async () => {
    const h = await household();
    const members = h.members.map((m) => m.id);
    const applied = await apply('cadre', {
      kind: 'dibao',
      integrityPledge: true,
      householdId: h.household.id,
      classification: 'dibao',
      appliedOn: '2024-05-20',
      cause: '家庭人均收入低于当地低保标准',
      insuredMemberIds: members,
      perCapitaIncomeFen: 400_000,
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({
      status: 'applied',
      requiredLevel: 'township',
      standardFen: 50_000,
      peopleCount: 2,
    });
    const dup = await apply('cadre', {
      kind: 'dibao',
      integrityPledge: true,
      householdId: h.household.id,
      classification: 'dibao',
      appliedOn: '2024-05-21',
      cause: '重复申请',
      insuredMemberIds: members,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');
    expect((await decide('cadre', applied.body, { decision: 'approve' })).status).toBe(403);

    const before = await flags(h.household.id);
    const approved = await decide('township', applied.body, { decision: 'approve' });
    expect(approved.status).toBe(200);
    // DOMAIN §4.7: (500 × 12 − 4000) × 2 people / 12 = 333.34 元 a month, rounded up once
    expect(approved.body).toMatchObject({
      status: 'approved',
      approvalLevel: 'township',
      decidedOn: '2024-06-03',
      monthlyAmountFen: 33_334,
      decidedBy: tb.users.township.id,
    });
    // deciding it again is refused in words: the status is named as the officer knows it, never by its code
    const again = await decide('township', approved.body, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/^案件状态为“已批准”，此操作需要“已申请” \/ /);
    const after = await flags(h.household.id);
    expect(after).toMatchObject({ receivesDibao: true, isTekun: false, dibaoSince: '2024-06-03' });
    expect(after.version).toBe(before.version + 1);
    expect(await memberFlags(h.household.id)).toEqual([
      { receivesDibao: true, isTekun: false },
      { receivesDibao: true, isTekun: false },
    ]);
    const audit = await sql<{ action: string; detail: { householdFlags?: unknown } }>`
      select action, detail from audit_log where target_id = ${applied.body.id} order by seq`.execute(tb.store.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['assistance.apply', 'assistance.approve']);
    expect(audit.rows[1]!.detail.householdFlags).toMatchObject({
      before: { receivesDibao: false },
      after: { receivesDibao: true },
    });
  });

  it('S2 §二(一)1: income above the standard and at most twice it starts a 3–12 month grace period; beyond it the case ends', async () => {
    const h = await household();
    let c = (
      await apply('cadre', {
        kind: 'dibao',
        integrityPledge: true,
        householdId: h.household.id,
        classification: 'dibao',
        appliedOn: '2024-03-01',
        cause: '收入低',
        insuredMemberIds: h.members.map((m) => m.id),
        perCapitaIncomeFen: 300_000,
      })
    ).body;
    c = (await decide('township', c, { decision: 'approve', decidedOn: '2024-03-10' })).body;
    const grace = (body: Record<string, unknown>) =>
      post('township', `/api/assistance/${c.id}/grace`, { version: c.version, assessedOn: '2024-06-03', ...body });

    const stay = await grace({ perCapitaIncomeFen: 600_000 }); // exactly the standard: not above it
    expect(stay.status).toBe(422);
    expect(stay.body.error.message).toContain('无需渐退');
    const exit = await grace({ perCapitaIncomeFen: 1_200_001 }); // above twice the standard
    expect(exit.status).toBe(422);
    expect(exit.body.error.message).toContain('应办理退出');
    const tooLong = await grace({ perCapitaIncomeFen: 800_000, months: 13 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.issues[0]!.path).toBe('body.months');

    const started = await grace({ perCapitaIncomeFen: 800_000, months: 6 });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      graceMonths: 6,
      graceStartOn: '2024-07-01',
      graceEndOn: '2024-12-31',
      graceIncomeFen: 800_000,
      inGrace: false, // it starts next month
      status: 'approved',
    });
    c = started.body;
    expect((await grace({ perCapitaIncomeFen: 800_000 })).status).toBe(409);
    const inAugust = await (
      await tb.as('township')
    ).get<AssistancePage>(`/api/assistance?inGrace=true&asOf=2024-08-01&householdId=${h.household.id}`);
    expect(inAugust.body.items.map((x) => x.id)).toEqual([c.id]);
    // still paid during the grace period
    expect((await flags(h.household.id)).receivesDibao).toBe(true);

    const end = (body: Record<string, unknown>) =>
      post('township', `/api/assistance/${c.id}/end`, { version: c.version, endedOn: '2024-06-03', ...body });
    const early = await end({ reason: 'grace_period_ended' });
    expect(early.status).toBe(400);
    expect(early.body.error.issues[0]).toMatchObject({ path: 'body.reason' });
    const ended = await end({ reason: 'income_above_grace_limit', note: '务工收入稳定' });
    expect(ended.body).toMatchObject({ status: 'ended', endedOn: '2024-06-03', endReason: 'income_above_grace_limit' });
    expect(await flags(h.household.id)).toMatchObject({ receivesDibao: false, dibaoSince: null });
    expect((await memberFlags(h.household.id)).every((m) => !m.receivesDibao)).toBe(true);
  });

  /** An annual income record of 2023 for a household, through the API. */
  const income2023 = async (householdId: string, fields: Record<string, number>) => {
    const r = await (
      await tb.as('cadre')
    ).post(`/api/households/${householdId}/incomes`, {
      year: 2023,
      kind: 'annual',
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      ...fields,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };

  it('S2 §二(一)3 一是: 支出型 needs rigid spending beyond what the family can bear; plain 低保 an income below the standard', async () => {
    const h = await household();
    // two people, 14,000 元 in 2023 (7,000 a head, above the 6,000 standard) and 3,000 元 of medical bills after reimbursement
    await income2023(h.household.id, { wageFen: 1_400_000, medicalOutOfPocketFen: 300_000 });
    const base = {
      kind: 'dibao',
      integrityPledge: true,
      householdId: h.household.id,
      appliedOn: '2024-06-01',
      cause: '医疗支出大',
      insuredMemberIds: h.members.map((m) => m.id),
    };
    const plain = (await apply('cadre', { ...base, classification: 'dibao', perCapitaIncomeFen: 700_000 })).body;
    const refused = await decide('township', plain, { decision: 'approve' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('不符合低保条件');
    const rejected = await decide('township', plain, { decision: 'reject', note: '收入超过标准,建议按支出型申请' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: '收入超过标准,建议按支出型申请' });

    const rigid = (await apply('cadre', { ...base, classification: 'rigid_expense' })).body;
    expect(rigid.incomeAssessment).toMatchObject({
      recordYear: 2023,
      perCapitaBeforeRigidFen: 700_000,
      perCapitaFen: 550_000,
      rigidSpendingFen: 300_000,
      expenditureType: true,
    });
    expect(rigid.perCapitaIncomeFen).toBe(550_000);
    // the top-up reads the assessed income: (6,000 − 5,500) × 2 people / 12 = 83.34 元 a month
    const ok = await decide('township', rigid, { decision: 'approve' });
    expect(ok.body).toMatchObject({ status: 'approved', monthlyAmountFen: 8_334 });

    // five times the standard and no rigid spending: not 支出型, whatever the label says
    const rich = await household();
    await income2023(rich.household.id, { wageFen: 6_000_000 });
    const label = (
      await apply('cadre', {
        ...base,
        householdId: rich.household.id,
        insuredMemberIds: rich.members.map((m) => m.id),
        classification: 'rigid_expense',
      })
    ).body;
    const no = await decide('township', label, { decision: 'approve', monthlyAmountFen: 30_000 });
    expect(no.status).toBe(422);
    expect(no.body.error.message).toContain('不符合支出型低保条件:扣除刚性支出前人均收入30000.00元');
  });

  it('S2 §二(一)3: the income is assessed from the register, with each deduction and the minimum wage as lines', async () => {
    const h = await household();
    await income2023(h.household.id, {
      wageFen: 900_000,
      medicalOutOfPocketFen: 200_000,
      schoolingExpenseFen: 100_000,
    });
    const head = h.members.find((m) => m.relation === 'head')!;
    const r = await (
      await tb.as('cadre')
    ).post<DibaoIncomeView & ErrorBody>('/api/assistance/income-assessment', {
      householdId: h.household.id,
      asOf: '2024-06-01',
      deductionClaims: [{ kind: 'work_cost', memberId: head.id, amountFen: 90_000, months: 3, evidence: '务工车票' }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.lines.map((l) => [l.kind, l.code, l.amountFen])).toEqual([
      ['income', 'wage', 900_000],
      ['deduction', 'medical', 200_000],
      ['deduction', 'schooling', 100_000],
      ['deduction', 'work_cost', 60_000], // 200 元 a month for 3 months
    ]);
    expect(r.body).toMatchObject({ assessedFen: 540_000, perCapitaFen: 270_000, belowStandard: true });
    // S2 §二(三)9: the hardship indicators come beside the income test, economic read from the same income
    expect(r.body.hardship!.dimensions.map((d) => d.dimension)).toEqual([
      'economic',
      'health',
      'education',
      'housing',
      'employment',
      'social',
    ]);
    expect(r.body.hardship!.dimensions[0]!.reason.zh).toBe('人均收入为低保标准的45%');
    const stranger = await household();
    const bad = await (
      await tb.as('cadre')
    ).post<ErrorBody>('/api/assistance/income-assessment', {
      householdId: h.household.id,
      deductionClaims: [{ kind: 'disability', memberId: stranger.members[0]!.id, amountFen: 1, evidence: '收据' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]!.path).toBe('body.deductionClaims.0.memberId');
  });

  it('S2 §二(一)2: a single-person 低保 covers one severely ill, disabled, elderly or minor member alone', async () => {
    const h = await household();
    const ill = await createMember(tb.system, h.household.id, {
      name: '王大病',
      relation: 'son',
      sex: 'male',
      birthDate: '1990-01-01',
      healthStatus: 'serious_illness',
    });
    const base = {
      kind: 'dibao',
      integrityPledge: true,
      householdId: h.household.id,
      classification: 'single_person',
      appliedOn: '2024-06-01',
      cause: '重病',
    };
    const healthy = await apply('cadre', {
      ...base,
      insuredMemberIds: [h.members.find((m) => m.relation === 'spouse')!.id],
    });
    expect(healthy.status).toBe(400);
    expect(healthy.body.error.issues[0]!.path).toBe('body.insuredMemberIds.0');
    const two = await apply('cadre', { ...base, insuredMemberIds: [ill.id, h.members[0]!.id] });
    expect(two.body.error.issues[0]!.path).toBe('body.insuredMemberIds');
    const stranger = await apply('cadre', { ...base, insuredMemberIds: ['00000000-0000-4000-8000-000000000009'] });
    expect(stranger.body.error.issues[0]!.path).toBe('body.insuredMemberIds.0');
    const alone = await apply('cadre', { ...base, insuredMemberIds: [ill.id] });
    expect(alone.status).toBe(201);
    const approved = await decide('township', alone.body, { decision: 'approve', perCapitaIncomeFen: 200_000 });
    expect(approved.body.monthlyAmountFen).toBe(33_334); // (6000 − 2000) / 12 for one person, rounded up
    expect(await memberFlags(h.household.id)).toEqual(
      expect.arrayContaining([
        { receivesDibao: true, isTekun: false },
        { receivesDibao: false, isTekun: false },
      ]),
    );
  });

  it('S2 §二(一)4, §三(二): 特困 covers a 17-year-old but not an 18-year-old on that ground, and only the county decides it', async () => {
    const h = await household();
    const minor = await createMember(tb.system, h.household.id, {
      name: '王小',
      relation: 'son',
      sex: 'male',
      birthDate: '2006-06-04', // 17 on 2024-06-03
    });
    const adult = await createMember(tb.system, h.household.id, {
      name: '王成',
      relation: 'son',
      sex: 'male',
      birthDate: '2006-06-03', // 18 that day
    });
    const base = {
      kind: 'tekun',
      integrityPledge: true,
      householdId: h.household.id,
      classification: 'tekun_dispersed',
      appliedOn: '2024-06-03',
      cause: '父母双亡',
      selfCare: 'partial',
    };
    const refused = await apply('cadre', { ...base, insuredMemberIds: [minor.id, adult.id] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues.map((i) => i.path)).toEqual(['body.insuredMemberIds.1']);
    const applied = await apply('cadre', { ...base, insuredMemberIds: [minor.id] });
    expect(applied.body.requiredLevel).toBe('county');
    const township = await decide('township', applied.body, { decision: 'approve', monthlyAmountFen: 80_000 });
    expect(township.status).toBe(422);
    expect(township.body.error.message).toContain('县级');
    const noAmount = await decide('officer', applied.body, { decision: 'approve' });
    expect(noAmount.body.error.issues[0]!.path).toBe('body.monthlyAmountFen');
    const county = await decide('officer', applied.body, { decision: 'approve', monthlyAmountFen: 80_000 });
    // S2 §二(一)4 自理能力评估: the partly self-caring minor's care allowance (policy default 300 yuan) is added
    expect(county.body).toMatchObject({
      status: 'approved',
      approvalLevel: 'county',
      selfCare: 'partial',
      careAllowanceFen: 30_000,
      monthlyAmountFen: 110_000,
    });
    expect(await flags(h.household.id)).toMatchObject({ isTekun: true, receivesDibao: false });

    // S2 §二(三)12: aid obtained by deception ends with an integrity record
    const fraud = await post('officer', `/api/assistance/${county.body.id}/end`, {
      version: county.body.version,
      endedOn: '2024-06-03',
      reason: 'integrity_violation',
      note: '隐瞒子女赡养能力',
    });
    expect(fraud.body.status).toBe('ended');
    const records = await sql<{ reason: string; sanction: string }>`
      select reason, sanction from integrity_record where household_id = ${h.household.id}`.execute(tb.store.db);
    expect(records.rows).toEqual([{ reason: '隐瞒子女赡养能力', sanction: 'stop_aid' }]);
    expect((await flags(h.household.id)).isTekun).toBe(false);
  });

  it('S2 §二(一)4 自理能力评估: a 特困 application needs the self-care level; an explicit care allowance replaces the policy’s', async () => {
    const h = await household();
    const elder = await createMember(tb.system, h.household.id, {
      name: '王老',
      relation: 'father',
      sex: 'male',
      birthDate: '1940-01-01',
    });
    const body = {
      kind: 'tekun',
      integrityPledge: true,
      householdId: h.household.id,
      classification: 'tekun_centralized',
      appliedOn: '2024-06-03',
      cause: '无子女',
      insuredMemberIds: [elder.id],
    };
    const missing = await apply('cadre', body);
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.map((i) => i.path)).toContain('body.selfCare');
    const applied = await apply('cadre', { ...body, selfCare: 'none' });
    expect(applied.body).toMatchObject({ status: 'applied', selfCare: 'none', careAllowanceFen: null });
    const shown = await (await tb.as('township')).get<AssistanceCaseView>(`/api/assistance/${applied.body.id}`);
    expect(shown.body.selfCare).toBe('none');
    const approved = await decide('officer', applied.body, {
      decision: 'approve',
      monthlyAmountFen: 90_000,
      careAllowanceFen: 70_000,
    });
    expect(approved.body).toMatchObject({ careAllowanceFen: 70_000, monthlyAmountFen: 160_000 });
    const audit = await sql<{ detail: { careAllowanceFen: number } }>`
      select detail from audit_log where action = 'assistance.approve' and target_id = ${applied.body.id}`.execute(
      tb.store.db,
    );
    expect(audit.rows[0]!.detail.careAllowanceFen).toBe(70_000);
  });

  it('S2 §三(二): the township decides temporary assistance up to 3000 yuan; above, the county; above the cap, with a reason (S0 一事一议)', async () => {
    const h = await household();
    const relief = (amountFen: number, extra: Record<string, unknown> = {}) =>
      apply('cadre', {
        kind: 'temp_relief',
        integrityPledge: true,
        householdId: h.household.id,
        reliefKind: 'emergency',
        appliedOn: '2024-06-02',
        cause: '突发重病',
        amountFen,
        ...extra,
      });
    const small = (await relief(300_000, { reliefFirst: true })).body;
    expect(small).toMatchObject({ requiredLevel: 'township', reliefFirst: true, peopleCount: 2 });
    expect((await decide('township', small, { decision: 'approve' })).body).toMatchObject({
      status: 'approved',
      approvalLevel: 'township',
      amountFen: 300_000,
    });
    const above = (await relief(300_001)).body;
    expect(above.requiredLevel).toBe('county');
    const t = await decide('township', above, { decision: 'approve' });
    expect(t.status).toBe(422);
    expect((await decide('officer', above, { decision: 'approve' })).body.approvalLevel).toBe('county');
    // the township may grant less than asked, within its limit
    const lowered = (await relief(400_000)).body;
    expect((await decide('township', lowered, { decision: 'approve', amountFen: 250_000 })).body.amountFen).toBe(
      250_000,
    );
    const big = (await relief(600_000)).body; // above 10 × the 500 元 monthly standard
    const noReason = await decide('officer', big, { decision: 'approve' });
    expect(noReason.body.error.issues[0]!.path).toBe('body.note');
    expect((await decide('officer', big, { decision: 'approve', note: '重大疾病,一事一议' })).body.status).toBe(
      'approved',
    );

    // S0 plan one §二: the follow-up records the recipient's satisfaction
    const approvedSmall = (await (await tb.as('cadre')).get<AssistanceCaseView>(`/api/assistance/${small.id}`)).body;
    const sat = await post('cadre', `/api/assistance/${small.id}/satisfaction`, {
      version: approvedSmall.version,
      satisfaction: 'basically_satisfied',
    });
    expect(sat.body.satisfaction).toBe('basically_satisfied');
    expect(
      (
        await post('cadre', `/api/assistance/${small.id}/end`, {
          version: sat.body.version,
          endedOn: '2024-06-03',
          reason: 'other',
          note: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('S0 plan one §二: the township ledger of temporary assistance counts people, amounts, causes and satisfaction by village', async () => {
    const b = await household(VILLAGE_B);
    const c = (
      await apply('township', {
        kind: 'temp_relief',
        integrityPledge: true,
        householdId: b.household.id,
        reliefKind: 'expense',
        appliedOn: '2024-06-01',
        cause: '子女上学费用高',
        amountFen: 100_000,
        insuredMemberIds: [b.members[0]!.id],
      })
    ).body;
    await decide('township', c, { decision: 'approve' });
    const ledger = await (
      await tb.as('township')
    ).get<TempReliefLedger>('/api/assistance/temp-relief-ledger?from=2024-06-01&to=2024-06-30');
    expect(ledger.status).toBe(200);
    expect(ledger.body.region).toEqual({ code: TOWNSHIP, name: '桦树镇' });
    const a = ledger.body.rows.find((r) => r.code === VILLAGE_A)!;
    const vb = ledger.body.rows.find((r) => r.code === VILLAGE_B)!;
    // village A: the four approved cases of the previous test (3000, 3000.01, 2500, 6000 元), two people each
    expect(a).toMatchObject({
      cases: 4,
      people: 8,
      amountFen: 1_450_001,
      emergency: 4,
      reliefFirst: 1,
      countyDecided: 2,
    });
    expect(a.satisfaction).toEqual({ satisfied: 0, basically_satisfied: 1, dissatisfied: 0, unknown: 3 });
    expect(a.causes).toEqual([{ cause: '突发重病', cases: 4 }]);
    expect(vb).toMatchObject({ cases: 1, people: 1, amountFen: 100_000, expense: 1 });
    expect(ledger.body.total).toMatchObject({ cases: 5, people: 9, amountFen: 1_550_001 });
    expect(ledger.body.total.causes).toEqual([
      { cause: '突发重病', cases: 4 },
      { cause: '子女上学费用高', cases: 1 },
    ]);
    const list = await (
      await tb.as('township')
    ).get<AssistancePage>('/api/assistance?kind=temp_relief&status=approved');
    expect(list.body.total).toBe(5);
    expect(list.body.items.every((i) => i.kind === 'temp_relief')).toBe(true);
  });

  it('keeps to the area: a cadre of another village cannot see or act on a case; departments see none', async () => {
    const h = await household();
    const c = (
      await apply('cadre', {
        kind: 'temp_relief',
        integrityPledge: true,
        householdId: h.household.id,
        reliefKind: 'emergency',
        appliedOn: '2024-06-03',
        cause: '火灾',
        amountFen: 50_000,
      })
    ).body;
    expect((await (await tb.as('cadreB')).get<ErrorBody>(`/api/assistance/${c.id}`)).status).toBe(404);
    const list = await (await tb.as('cadreB')).get<AssistancePage>('/api/assistance');
    expect(list.body.items.some((i) => i.id === c.id)).toBe(false);
    expect((await (await tb.as('dept')).get('/api/assistance')).status).toBe(403);
    const future = await apply('cadre', {
      kind: 'temp_relief',
      integrityPledge: true,
      householdId: h.household.id,
      reliefKind: 'emergency',
      appliedOn: '2024-06-04',
      cause: '火灾',
      amountFen: 50_000,
    });
    expect(future.status).toBe(400);
    expect(future.body.error.issues[0]!.path).toBe('body.appliedOn');
    const stale = await decide('township', { ...c, version: c.version + 5 }, { decision: 'approve' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
  });
});
