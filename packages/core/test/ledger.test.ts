import { describe, expect, it } from 'vitest';
import { ledgerActions, ledgerStep, type LedgerItemState, type LedgerStepResult } from '../src/index.js';

const fresh: LedgerItemState = {
  status: 'open',
  plan: null,
  ownerId: null,
  deadline: null,
  evidence: [],
  rectification: null,
  rectifiedBy: null,
  rectifiedOn: null,
  verificationNote: null,
  verifiedBy: null,
  verifiedOn: null,
  closeNote: null,
  closedBy: null,
  closedOn: null,
  openChildren: 0,
};

const ok = (r: LedgerStepResult): LedgerItemState => {
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.state;
};

const CADRE = 'u-cadre';
const TOWNSHIP = 'u-township';
const INSPECTOR = 'u-inspector';

function rectified(by = CADRE): LedgerItemState {
  const started = ok(
    ledgerStep(
      fresh,
      { action: 'start', plan: '补充入户走访', ownerId: CADRE, deadline: '2024-06-30' },
      TOWNSHIP,
      '2024-05-10',
    ),
  );
  return ok(
    ledgerStep(
      started,
      {
        action: 'record_rectification',
        rectification: '已补走访并纪实',
        evidence: [{ description: '走访记录表', ref: 'ZF-2024-05' }],
      },
      by,
      '2024-05-20',
    ),
  );
}

describe('the close-out of the rectification ledgers (S3 §五)', () => {
  it('S3 §五 二: rectification starts only with a plan, a deadline and a person responsible', () => {
    const r = ledgerStep(fresh, { action: 'start', plan: '补走访' }, TOWNSHIP, '2024-05-10');
    expect(r).toMatchObject({ ok: false, code: 'validation_failed', reason: 'owner_missing', path: 'ownerId' });
    expect(
      ledgerStep(fresh, { action: 'start', ownerId: CADRE, deadline: '2024-06-30' }, TOWNSHIP, '2024-05-10'),
    ).toMatchObject({ ok: false, reason: 'plan_missing', path: 'plan' });
    const s = ok(
      ledgerStep(
        { ...fresh, plan: '已有计划' },
        { action: 'start', ownerId: CADRE, deadline: '2024-06-30' },
        TOWNSHIP,
        '2024-05-10',
      ),
    );
    expect(s).toMatchObject({ status: 'rectifying', plan: '已有计划', ownerId: CADRE, deadline: '2024-06-30' });
  });

  it('S3 §五: an item is closed (销号) only after verification, with evidence, by someone other than the rectifier', () => {
    const r = rectified();
    expect(r.evidence).toEqual([
      { description: '走访记录表', ref: 'ZF-2024-05', addedBy: CADRE, addedOn: '2024-05-20' },
    ]);
    // not yet verified: no close-out
    expect(ledgerStep(r, { action: 'close' }, INSPECTOR, '2024-05-21')).toMatchObject({
      ok: false,
      reason: 'wrong_status',
    });
    // the rectifier cannot verify their own work
    expect(ledgerStep(r, { action: 'verify', passed: true, note: '属实' }, CADRE, '2024-05-21')).toMatchObject({
      ok: false,
      code: 'precondition_failed',
      reason: 'same_person',
    });
    const verified = ok(ledgerStep(r, { action: 'verify', passed: true, note: '抽查属实' }, TOWNSHIP, '2024-05-21'));
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: TOWNSHIP, verifiedOn: '2024-05-21' });
    expect(ledgerStep(verified, { action: 'close' }, CADRE, '2024-05-22')).toMatchObject({
      ok: false,
      reason: 'same_person',
    });
    const closed = ok(ledgerStep(verified, { action: 'close', note: '销号' }, INSPECTOR, '2024-05-22'));
    expect(closed).toMatchObject({ status: 'closed', closedBy: INSPECTOR, closedOn: '2024-05-22', closeNote: '销号' });
    expect(ledgerActions(closed, INSPECTOR)).toEqual([]);
  });

  it('S3 §五: a failed verification sends the item back until a new rectification is recorded', () => {
    const back = ok(
      ledgerStep(rectified(), { action: 'verify', passed: false, note: '走访未纪实' }, TOWNSHIP, '2024-05-21'),
    );
    expect(back).toMatchObject({ status: 'rectifying', verificationNote: '走访未纪实', rectifiedOn: null });
    expect(ledgerStep(back, { action: 'verify', passed: true, note: 'ok' }, INSPECTOR, '2024-05-22')).toMatchObject({
      ok: false,
      reason: 'rectification_missing',
    });
    const again = ok(
      ledgerStep(
        back,
        { action: 'record_rectification', rectification: '补纪实', evidence: [{ description: '照片' }] },
        CADRE,
        '2024-05-23',
      ),
    );
    expect(again.evidence).toHaveLength(2);
    expect(ok(ledgerStep(again, { action: 'verify', passed: true, note: 'ok' }, INSPECTOR, '2024-05-24')).status).toBe(
      'verified',
    );
  });

  it('S3 §五 ("逐项销号"): a suspected issue with open rectification items under it is not closed', () => {
    const verified = ok(
      ledgerStep(rectified(), { action: 'verify', passed: true, note: 'ok' }, TOWNSHIP, '2024-05-21'),
    );
    expect(ledgerStep({ ...verified, openChildren: 2 }, { action: 'close' }, INSPECTOR, '2024-05-22')).toMatchObject({
      ok: false,
      reason: 'open_children',
    });
  });

  it('offers each user the steps they may take', () => {
    expect(ledgerActions(fresh, TOWNSHIP)).toEqual(['start']);
    const r = rectified();
    expect(ledgerActions(r, CADRE)).toEqual(['record_rectification']);
    expect(ledgerActions(r, TOWNSHIP)).toEqual(['record_rectification', 'verify']);
    const verified = ok(ledgerStep(r, { action: 'verify', passed: true, note: 'ok' }, TOWNSHIP, '2024-05-21'));
    expect(ledgerActions(verified, CADRE)).toEqual([]);
    expect(ledgerActions(verified, INSPECTOR)).toEqual(['close']);
  });
});
