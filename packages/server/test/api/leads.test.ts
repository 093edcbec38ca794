import { addDays, chinaDate, makeIdNumber } from '@dixian/core';
import type {
  CaseDetail,
  ErrorBody,
  LeadPage,
  LeadView,
  PublicApplicationReceipt,
  PublicApplicationStatus,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHouseholdIn,
  createTestbed,
  OTHER_COUNTY_VILLAGE,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { caseVersion, identify } from '../support/cases.js';
import { engines } from '../support/db.js';

const URBAN_COMMUNITY = '220681100001'; // 森铁社区: a 社区, not a 村
let idSeq = 100;
const freshId = (sex: 'male' | 'female' = 'male') => makeIdNumber('220681', '1966-06-16', (idSeq += 2), sex);

/**
 * Leads from every channel (S1 §四(二)): staff-recorded leads and the public self-application, each attached to
 * an open lead or case of the household instead of duplicating it (issue 5 §2's rule), with the policy's
 * verification and identification deadlines (S3 §三(四)).
 */
describe.each(engines)('leads and the public self-application on %s', (engine) => {
  let tb: Testbed;
  let today: string;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    today = chinaDate(tb.clock.now());
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S3 §三(四): a lead carries the verification and 15-day identification deadlines of the policy', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const r = await cadre.post<LeadView>('/api/leads', {
      channel: 'self_application',
      subChannel: 'hotline_12317',
      householdId: h.household.id,
      riskTypes: ['illness', 'education'],
      discoveredOn: addDays(today, -2),
      description: '12317来电反映:户主住院,孩子上高中',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      status: 'open',
      channel: 'self_application',
      subChannel: 'hotline_12317',
      regionCode: VILLAGE_A,
      householdNo: h.household.householdNo,
      discoveredOn: addDays(today, -2),
      verifyDueOn: addDays(today, 1), // national policy: 3 days to the home visit (W9)
      identificationDueOn: addDays(today, 13),
      overdue: false,
    });
    const future = await cadre.post<ErrorBody>('/api/leads', {
      channel: 'cadre_screening',
      householdId: h.household.id,
      discoveredOn: addDays(today, 1),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.issues[0]!.path).toBe('body.discoveredOn');
  });

  it('issue 5 §2: a second report joins the open lead, and a report about a household with an open case joins the case', async () => {
    const cadre = await tb.as('cadre');
    const township = await tb.as('township');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const first = await cadre.post<LeadView>('/api/leads', { channel: 'cadre_screening', householdId: h.household.id });
    const second = await township.post<LeadView>('/api/leads', {
      channel: 'self_application',
      subChannel: 'written',
      householdId: h.household.id,
      riskTypes: ['accident'],
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({
      status: 'attached',
      attachedToLeadId: first.body.id,
      verifyDueOn: null,
      identificationDueOn: null,
    });
    const open = await cadre.get<LeadPage>(`/api/leads?householdId=${h.household.id}&status=open`);
    expect(open.body.items.map((l) => l.id)).toEqual([first.body.id]);
    // opening the case takes the attached report along
    const opened = await cadre.post<CaseDetail>(`/api/leads/${first.body.id}/start-verification`, {
      version: first.body.version,
    });
    expect((await cadre.get<LeadView>(`/api/leads/${second.body.id}`)).body.caseId).toBe(opened.body.case.id);
    const third = await cadre.post<LeadView>('/api/leads', { channel: 'cadre_screening', householdId: h.household.id });
    expect(third.body).toMatchObject({ status: 'attached', caseId: opened.body.case.id, attachedToLeadId: null });
    // a lead already dealt with cannot open a second case
    const again = await cadre.post<ErrorBody>(`/api/leads/${first.body.id}/start-verification`, { version: 2 });
    expect(again.status).toBe(409);
  });

  it('S1 §四(二)3: a department officer reports for their own department only, everyone within their area', async () => {
    const dept = await tb.as('dept');
    const cadre = await tb.as('cadre');
    const applicant = { name: '钱五', idNumber: freshId(), regionCode: VILLAGE_A, phone: '13904395678' };
    const own = await dept.post<LeadView>('/api/leads', {
      channel: 'department_warning',
      department: 'medical_insurance',
      applicant,
      riskTypes: ['illness'],
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ channel: 'department_warning', subChannel: 'department_feed', householdId: null });
    expect(own.body.applicantIdNumber).toMatch(/^220\*{13}\d[\dX]$/);
    expect(own.body.applicantPhone).toBe('139****5678');
    const other = await dept.post<ErrorBody>('/api/leads', {
      channel: 'department_warning',
      department: 'education',
      applicant,
    });
    expect(other.status).toBe(403);
    const cadreOther = await cadre.post<ErrorBody>('/api/leads', {
      channel: 'cadre_screening',
      applicant: { ...applicant, idNumber: freshId(), regionCode: VILLAGE_B },
    });
    expect(cadreOther.status).toBe(403);
    // department officers read no leads at all
    expect((await dept.get('/api/leads')).status).toBe(403);
    const valid = freshId();
    const bad = await cadre.post<ErrorBody>('/api/leads', {
      channel: 'cadre_screening',
      applicant: { ...applicant, idNumber: valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0') },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]).toMatchObject({ path: 'body.applicant.idNumber' });
    expect(bad.body.error.issues[0]!.message).toContain('校验位');
  });

  it('a person named with ID number and name is tied to their registered household; the name must match', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const head = h.members.find((m) => m.relation === 'head')!;
    const unmasked = await cadre.post<{ members: { id: string; idNumber: string }[] }>(
      `/api/households/${h.household.id}/unmask`,
      { reason: '登记线索' },
    );
    const idNumber = unmasked.body.members.find((m) => m.id === head.id)!.idNumber;
    const matched = await cadre.post<LeadView>('/api/leads', {
      channel: 'self_application',
      applicant: { name: head.name, idNumber, regionCode: VILLAGE_A },
    });
    expect(matched.body.householdId).toBe(h.household.id);
    const wrongName = await cadre.post<LeadView>('/api/leads', {
      channel: 'self_application',
      applicant: { name: '冒名', idNumber, regionCode: VILLAGE_A },
    });
    expect(wrongName.body.householdId).toBeNull();

    // an unregistered applicant's lead opens a case once the household is registered and named
    const stranger = await cadre.post<LeadView>('/api/leads', {
      channel: 'self_application',
      applicant: { name: '孙六', idNumber: freshId(), regionCode: VILLAGE_A },
    });
    const missing = await cadre.post<ErrorBody>(`/api/leads/${stranger.body.id}/start-verification`, {
      version: stranger.body.version,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0]!.path).toBe('body.householdId');
    const registered = await createHouseholdIn(tb, VILLAGE_A);
    const opened = await cadre.post<CaseDetail>(`/api/leads/${stranger.body.id}/start-verification`, {
      version: stranger.body.version,
      householdId: registered.household.id,
    });
    expect(opened.status).toBe(201);
    expect((await cadre.get<LeadView>(`/api/leads/${stranger.body.id}`)).body).toMatchObject({
      householdId: registered.household.id,
      status: 'converted',
    });
  });

  it('lists leads of the area by status, channel and overdue', async () => {
    const cadre = await tb.as('cadre');
    const cadreB = await tb.as('cadreB');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const old = await cadre.post<LeadView>('/api/leads', {
      channel: 'cadre_screening',
      householdId: h.household.id,
      discoveredOn: addDays(today, -10),
    });
    expect(old.body.overdue).toBe(true);
    const overdue = await cadre.get<LeadPage>('/api/leads?overdue=true&pageSize=100');
    expect(overdue.body.items.map((l) => l.id)).toContain(old.body.id);
    expect(overdue.body.items.every((l) => l.overdue && l.status === 'open')).toBe(true);
    const notOverdue = await cadre.get<LeadPage>('/api/leads?overdue=false&pageSize=100');
    expect(notOverdue.body.items.every((l) => !l.overdue)).toBe(true);
    const written = await cadre.get<LeadPage>('/api/leads?channel=department_warning&pageSize=100');
    expect(written.body.items.every((l) => l.channel === 'department_warning')).toBe(true);
    expect(written.body.total).toBeGreaterThan(0);
    const theirs = await cadreB.get<LeadPage>('/api/leads?pageSize=100');
    expect(theirs.body.items.map((l) => l.id)).not.toContain(old.body.id);
    expect((await cadreB.get<ErrorBody>(`/api/leads/${old.body.id}`)).status).toBe(404);
  });

  it('S1 §四(二)1: a farmer applies without an account and follows the application with receipt and ID number', async () => {
    const anon = tb.anonymous();
    const cadre = await tb.as('cadre');
    const idNumber = freshId('female');
    const body = {
      name: '周秀兰',
      idNumber,
      phone: '13804391111',
      villageCode: VILLAGE_A,
      description: '丈夫务工受伤,家中无收入',
      riskTypes: ['accident'],
    };
    const r = await anon.post<PublicApplicationReceipt>('/api/public/applications', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ submittedOn: today, status: 'received' });
    expect(r.body.receiptNo).toMatch(/^SQ\d{8}[A-Z2-9]{8}$/);
    // it is a self-application lead on the village, with its deadlines
    const leads = await cadre.get<LeadPage>('/api/leads?channel=self_application&status=open&pageSize=100');
    const lead = leads.body.items.find((l) => l.receiptNo === r.body.receiptNo)!;
    expect(lead).toMatchObject({
      subChannel: 'app',
      regionCode: VILLAGE_A,
      applicantName: '周秀兰',
      householdId: null,
      riskTypes: ['accident'],
      identificationDueOn: addDays(today, 15),
    });
    expect(lead.applicantIdNumber).not.toContain(idNumber.slice(6, 14));

    const status = await anon.get<PublicApplicationStatus>(
      `/api/public/applications/${r.body.receiptNo}?idNumber=${idNumber}`,
    );
    expect(status.status).toBe(200);
    expect(status.body).toEqual({
      receiptNo: r.body.receiptNo,
      applicantName: '周**',
      regionName: '西大川村',
      submittedOn: today,
      status: 'received',
      statusLabel: { zh: '已受理，等待入户核实', en: 'Received; a home visit will follow' },
      updatedOn: today,
    });
    // a wrong ID number and an unknown receipt answer the same
    const wrong = await anon.get(`/api/public/applications/${r.body.receiptNo}?idNumber=${freshId()}`);
    const unknown = await anon.get(`/api/public/applications/SQ20240101ABCDEFGH?idNumber=${idNumber}`);
    expect(wrong.status).toBe(404);
    expect([wrong.status, wrong.body]).toEqual([unknown.status, unknown.body]);

    // the village registers the household and verifies: the farmer sees the progress, never the case
    const registered = await createHouseholdIn(tb, VILLAGE_A);
    const opened = await cadre.post<CaseDetail>(`/api/leads/${lead.id}/start-verification`, {
      version: lead.version,
      householdId: registered.household.id,
    });
    const url = `/api/public/applications/${r.body.receiptNo}?idNumber=${idNumber}`;
    expect((await anon.get<PublicApplicationStatus>(url)).body.status).toBe('verifying');
    await cadre.post(`/api/cases/${opened.body.case.id}/record-verification`, {
      version: await caseVersion(tb, opened.body.case.id),
      result: 'no_risk',
      verifiedOn: today,
      verifiers: ['网格员'],
      findings: '伤情已愈,已返岗务工',
    });
    const after = await anon.get<PublicApplicationStatus>(url);
    expect(after.body).toMatchObject({ status: 'not_included', statusLabel: { zh: '经核实未纳入监测' } });
    expect(Object.keys(after.body).sort()).toEqual(
      ['applicantName', 'receiptNo', 'regionName', 'status', 'statusLabel', 'submittedOn', 'updatedOn'].sort(),
    );
    expect(JSON.stringify(after.body)).not.toContain('伤情');
    expect((await cadre.get<LeadView>(`/api/leads/${lead.id}`)).body).toMatchObject({
      status: 'dismissed',
      dismissedReason: '伤情已愈,已返岗务工',
    });
  });

  it('S1 §四(二)1, issue 12 §5: an application joins the open case, and its status page tells nothing of that case or of where the person is registered', async () => {
    const anon = tb.anonymous();
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const caseId = await identify(tb, h.household.id, addDays(today, -4), 'commitment_signed');
    const head = h.members.find((m) => m.relation === 'head')!;
    const unmasked = await cadre.post<{ members: { id: string; idNumber: string }[] }>(
      `/api/households/${h.household.id}/unmask`,
      { reason: '测试' },
    );
    const idNumber = unmasked.body.members.find((m) => m.id === head.id)!.idNumber;
    const r = await anon.post<PublicApplicationReceipt>('/api/public/applications', {
      name: head.name,
      idNumber,
      phone: '13804392222',
      villageCode: VILLAGE_B, // anyone who knows a name and an ID number can name any village
      description: '申请纳入监测',
    });
    expect(r.status).toBe(201);
    const status = await anon.get<PublicApplicationStatus>(
      `/api/public/applications/${r.body.receiptNo}?idNumber=${idNumber}`,
    );
    // the progress of this application only: received, on the village it named (the household is in 西大川村
    // and its case is under way; neither may show)
    expect(status.body).toMatchObject({ status: 'received', regionName: expect.stringContaining('西南岔村') });
    expect(JSON.stringify(status.body)).not.toContain('西大川村');
    const lead = (await cadre.get<LeadPage>(`/api/leads?householdId=${h.household.id}&pageSize=50`)).body.items.find(
      (l) => l.receiptNo === r.body.receiptNo,
    )!;
    expect(lead).toMatchObject({ status: 'attached', caseId });
  });

  it('refuses an invalid application, naming the field', async () => {
    const anon = tb.anonymous();
    const good = {
      name: '吴七',
      idNumber: freshId(),
      phone: '13904393333',
      villageCode: VILLAGE_A,
      description: '困难',
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ idNumber: good.idNumber.slice(0, 17) + (good.idNumber.endsWith('0') ? '1' : '0') }, 'body.idNumber', '校验位'],
      [{ idNumber: '22068120300101001X' }, 'body.idNumber', ''],
      [{ phone: '0439-12345' }, 'body.phone', '11'],
      [{ villageCode: URBAN_COMMUNITY }, 'body.villageCode', '不是农村村委会'],
      [{ villageCode: '220681100299' }, 'body.villageCode', '不存在'],
      [{ villageCode: '2206811' }, 'body.villageCode', '12'],
      [{ description: '' }, 'body.description', ''],
    ];
    for (const [change, path, text] of cases) {
      const r = await anon.post<ErrorBody>('/api/public/applications', { ...good, ...change });
      expect(r.status, JSON.stringify(change)).toBe(400);
      expect(r.body.error.issues.map((i) => i.path)).toContain(path);
      expect(r.body.error.issues.find((i) => i.path === path)!.message).toContain(text);
    }
    // a script in the description is stored and returned as plain text, never run
    const xss = await anon.post<PublicApplicationReceipt>('/api/public/applications', {
      ...good,
      idNumber: freshId(),
      villageCode: OTHER_COUNTY_VILLAGE,
      description: '<script>alert(1)</script>',
    });
    expect(xss.status).toBe(201);
    const stored = await tb.store.db
      .selectFrom('lead')
      .select(['description', 'countyCode'])
      .where('receiptNo', '=', xss.body.receiptNo)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ description: '<script>alert(1)</script>', countyCode: '220602' });
  });

  it('limits applications and status look-ups per address', async () => {
    const limited = await createTestbed(engine, { config: { publicApplicationsPerHour: 2 } });
    try {
      const anon = limited.anonymous();
      const apply = (ip: string) =>
        anon.request<ErrorBody>(
          'POST',
          '/api/public/applications',
          { name: '郑八', idNumber: freshId(), phone: '13904394444', villageCode: VILLAGE_A, description: '困难' },
          { headers: { 'x-forwarded-for': ip } },
        );
      expect((await apply('10.0.0.1')).status).toBe(201);
      expect((await apply('10.0.0.1')).status).toBe(201);
      const third = await apply('10.0.0.1');
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('rate_limited');
      // another address is not held back by the first
      expect((await apply('10.0.0.2')).status).toBe(201);
      const look = (ip: string) =>
        anon.request('GET', `/api/public/applications/SQ20240101ABCDEFGH?idNumber=${freshId()}`, undefined, {
          headers: { 'x-forwarded-for': ip },
        });
      for (let i = 0; i < 10; i++) expect((await look('10.0.0.3')).status).toBe(404);
      expect((await look('10.0.0.3')).status).toBe(429);
      const count = await limited.store.db
        .selectFrom('lead')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
