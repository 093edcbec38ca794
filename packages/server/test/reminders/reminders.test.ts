/**
 * Reminders and escalation (issue 15 §4) through the jobs and the API: a deadline (S3 §三(四): verification at
 * home, the 15-day identification) and a monthly seven-step task (S0 plan two 五) remind their owner before they
 * fall due, are overdue the day after, and rise to the township, then the county, as the policy's days set; the
 * job is idempotent; a user reads and marks their own messages, and the header's inbox counts the unread.
 */
import { addDays } from '@dixian/core';
import type { ErrorBody, Inbox, LeadView, MessagePage, MessageView } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindersJob, runReminderJob, Scheduler } from '../../src/jobs/index.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import { generateMonthlyTasks } from '../../src/services/rhythm.service.js';
import {
  COUNTY,
  createHouseholdIn,
  createTestbed,
  TOWNSHIP,
  VILLAGE_A,
  type FixtureUser,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

const NO_CHANNELS = { email: false, webhook: false };
const STAGES: string[] = ['remind', 'overdue', 'escalate_township', 'escalate_county'];

describe.each(engines)('reminders and escalation on %s', (engine) => {
  let tb: Testbed;
  let lead: LeadView;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const cadre = await tb.as('cadre');
    const r = await cadre.post<LeadView>('/api/leads', {
      channel: 'self_application',
      subChannel: 'written',
      householdId: h.household.id,
      riskTypes: ['illness'],
      discoveredOn: '2024-06-01',
    });
    expect(r.status).toBe(201);
    lead = r.body;
  });
  afterAll(() => tb?.close());

  const remind = (asOf: string) => runReminderJob(tb.store, asOf, tb.clock.now(), NO_CHANNELS, [COUNTY]);
  /** the messages about one item, as `stage@user` */
  const about = async (ref: string) =>
    (
      await tb.store.db
        .selectFrom('message')
        .innerJoin('appUser', 'appUser.id', 'message.userId')
        .select(['message.kind', 'appUser.username', 'message.itemKind'])
        .where('message.itemRef', '=', ref)
        .execute()
    )
      .sort((a, b) => STAGES.indexOf(a.kind) - STAGES.indexOf(b.kind) || a.username.localeCompare(b.username))
      .map((m) => `${m.itemKind}:${m.kind}@${m.username}`);

  it('S3 §三(四): the village verifies; reminded 3 days before, overdue after, to the township after 3 days, the county after 6', async () => {
    const due = lead.verifyDueOn!;
    const u = (name: FixtureUser) => tb.users[name].username;

    await remind(addDays(due, -4));
    expect((await about(lead.id)).filter((m) => m.startsWith('verification'))).toEqual([]);

    await remind(addDays(due, -3));
    const first = await remind(addDays(due, -3));
    expect(first[0]!.created).toBe(0); // a rerun the same day writes nothing
    expect((await about(lead.id)).filter((m) => m.startsWith('verification'))).toEqual([
      `verification:remind@${u('cadre')}`,
    ]);

    await remind(addDays(due, 1));
    await remind(addDays(due, 3));
    await remind(addDays(due, 6));
    await remind(addDays(due, 6));
    expect((await about(lead.id)).filter((m) => m.startsWith('verification'))).toEqual([
      `verification:remind@${u('cadre')}`,
      `verification:overdue@${u('cadre')}`,
      `verification:escalate_township@${u('township')}`,
      ...[u('admin'), u('officer')].sort().map((n) => `verification:escalate_county@${n}`),
    ]);
  });

  it('S3 §三(四): the 15-day identification is the township’s: reminded there, escalated to the county only', async () => {
    const due = lead.identificationDueOn!;
    await remind(addDays(due, -1));
    await remind(addDays(due, 3));
    await remind(addDays(due, 7));
    expect((await about(lead.id)).filter((m) => m.startsWith('identification'))).toEqual([
      `identification:remind@${tb.users.township.username}`,
      ...[tb.users.admin.username, tb.users.officer.username]
        .sort()
        .map((n) => `identification:escalate_township@${n}`),
    ]);
  });

  it('S0 plan two 五: 排 (the village’s, by the 5th) and 访 (the township’s, by the 10th) are reminded and escalated', async () => {
    await generateMonthlyTasks(tb.store, COUNTY, '2030-01-01', tb.clock.now());
    const task = (region: string, step: string) =>
      tb.store.db
        .selectFrom('rhythmTask')
        .select('id')
        .where('month', '=', '2030-01')
        .where('regionCode', '=', region)
        .where('step', '=', step)
        .executeTakeFirstOrThrow();
    const screen = (await task(VILLAGE_A, 'screen')).id;
    const visit = (await task(TOWNSHIP, 'visit')).id;
    await remind('2030-01-02');
    await remind('2030-01-07');
    await remind('2030-01-13');
    expect(await about(screen)).toEqual([
      `rhythm:remind@${tb.users.cadre.username}`,
      `rhythm:overdue@${tb.users.cadre.username}`,
      ...[tb.users.admin.username, tb.users.officer.username].sort().map((n) => `rhythm:escalate_county@${n}`),
    ]);
    expect(await about(visit)).toEqual([
      `rhythm:remind@${tb.users.township.username}`,
      ...[tb.users.admin.username, tb.users.officer.username].sort().map((n) => `rhythm:escalate_township@${n}`),
    ]);
  });

  it('the county’s policy sets the days: from 2031 a reminder 1 day before and escalation after 2 days overdue', async () => {
    await new PolicyRepository(tb.store.db).insertIfAbsent(
      {
        regionPrefix: COUNTY,
        year: 2031,
        version: 1,
        effectiveFrom: '2031-01-01',
        docNo: '临乡振〔2031〕1号',
        docTitle: '到期提醒与逐级督办时限',
        body: { reminders: { beforeDays: 1, escalateAfterDays: 2 } },
      },
      'test',
    );
    await generateMonthlyTasks(tb.store, COUNTY, '2031-01-01', tb.clock.now());
    const { id } = await tb.store.db
      .selectFrom('rhythmTask')
      .select('id')
      .where('month', '=', '2031-01')
      .where('regionCode', '=', VILLAGE_A)
      .where('step', '=', 'screen')
      .executeTakeFirstOrThrow();
    await remind('2031-01-03'); // 2 days before the 5th: not yet under this policy
    expect(await about(id)).toEqual([]);
    await remind('2031-01-04');
    await remind('2031-01-07'); // 2 days overdue: the township
    await remind('2031-01-09'); // 4 days: the county
    expect(await about(id)).toEqual([
      `rhythm:remind@${tb.users.cadre.username}`,
      `rhythm:escalate_township@${tb.users.township.username}`,
      ...[tb.users.admin.username, tb.users.officer.username].sort().map((n) => `rhythm:escalate_county@${n}`),
    ]);
  });

  it('a task marked done is not reminded any more', async () => {
    await generateMonthlyTasks(tb.store, COUNTY, '2030-02-01', tb.clock.now());
    await tb.store.db
      .updateTable('rhythmTask')
      .set({ doneAt: tb.clock.now().toISOString() })
      .where('month', '=', '2030-02')
      .where('regionCode', '=', VILLAGE_A)
      .execute();
    await remind('2030-02-04');
    const tasks = await tb.store.db
      .selectFrom('rhythmTask')
      .select(['id', 'regionCode'])
      .where('month', '=', '2030-02')
      .where('step', '=', 'screen')
      .execute();
    const done = tasks.find((t) => t.regionCode === VILLAGE_A)!.id;
    const open = tasks.find((t) => t.regionCode === '220681100201')!.id;
    expect(await about(done)).toEqual([]);
    // village B's undone 排 is reminded, to its own cadre only
    expect(await about(open)).toEqual([`rhythm:remind@${tb.users.cadreB.username}`]);
  });

  it('the scheduler’s daily job writes a day’s reminders once per county and records the day in job_run', async () => {
    const day = new Date('2030-03-02T01:00:00.000Z'); // 09:00 in China
    await generateMonthlyTasks(tb.store, COUNTY, '2030-03-01', day);
    const scheduler = new Scheduler(tb.store, [remindersJob()], { now: () => day });
    const [first] = await scheduler.tick();
    expect(first).toMatchObject({ job: 'reminders', ok: true });
    expect(first!.summary).toMatch(/^reminders 2030-03-02: [1-9]\d* messages$/);
    expect((await scheduler.tick())[0]!.summary).toBe('reminders 2030-03-02: 0 messages');
    const run = await tb.store.db
      .selectFrom('jobRun')
      .select(['lastStatus', 'lastDetail'])
      .where('name', '=', `reminders:${COUNTY}`)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ lastStatus: 'done', lastDetail: { period: '2030-03-02' } });
  });

  it('messages name the household by number and masked head name: no ID number, phone or full name', async () => {
    const bodies = await tb.store.db.selectFrom('message').select(['title', 'body']).execute();
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) {
      const text = `${b.title} ${b.body}`;
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).not.toMatch(/1[3-9]\d{9}/);
    }
    const verification = bodies.find((b) => b.title.includes('入户核实'))!;
    expect(verification.body).toMatch(/^户号 \d+ \S\*+ · 西大川村 · 入户核实 · 到期日 \d{4}-\d{2}-\d{2}$/);
  });

  it('GET /api/messages: mine only, unread first counted; read one, read all; the inbox counts the unread', async () => {
    const cadre = await tb.as('cadre');
    const page = await cadre.get<MessagePage>('/api/messages?pageSize=100');
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    expect(page.body.unread).toBe(page.body.total);
    expect(page.body.items.every((m) => m.readAt === null && m.link.list.length > 0)).toBe(true);
    const inboxBefore = await cadre.get<Inbox>('/api/inbox');
    expect(inboxBefore.body.unreadMessages).toBe(page.body.unread);

    const one = page.body.items[0]!;
    const read = await cadre.post<MessageView>(`/api/messages/${one.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const after = await cadre.get<MessagePage>('/api/messages?unread=true');
    expect(after.body.total).toBe(page.body.unread - 1);
    const inboxAfter = await cadre.get<Inbox>('/api/inbox');
    expect(inboxAfter.body.unreadMessages).toBe(page.body.unread - 1);
    expect(inboxAfter.body.total).toBe(inboxBefore.body.total - 1);

    // someone else's message is like a missing one
    const other = await (await tb.as('cadreB')).post<ErrorBody>(`/api/messages/${one.id}/read`);
    expect(other.status).toBe(404);

    const all = await cadre.post<{ read: number }>('/api/messages/read-all');
    expect(all.body.read).toBe(page.body.unread - 1);
    expect((await cadre.get<MessagePage>('/api/messages?unread=true')).body.total).toBe(0);
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'in', ['message.read', 'message.read_all', 'reminder.generate'])
      .distinct()
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['message.read', 'message.read_all', 'reminder.generate']);
  });
});
