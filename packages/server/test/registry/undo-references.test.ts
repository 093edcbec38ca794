/**
 * Undoing a register import (issue 14 §4) once something else points at a household it made: a disaster took the
 * household in (issue 15 §6). The undo is refused naming the household, as for a lead or a case, and changes
 * nothing; before, the delete hit the foreign key and answered only "与现有记录冲突".
 */
import type { ErrorBody, RegistryImportView } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDisaster } from '../../src/services/disaster.service.js';
import { COUNTY, createTestbed, VILLAGE_B, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { registryBatch } from '../support/endpoints.js';

describe.each(engines)('undoing an import whose household a disaster took in, on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('is refused naming the household, and the household stays', async () => {
    const id = await registryBatch(tb, true);
    const made = await tb.store.db
      .selectFrom('household')
      .select(['id', 'householdNo'])
      .where('regionCode', '=', VILLAGE_B)
      .orderBy('createdAt', 'desc')
      .executeTakeFirstOrThrow();
    const county = { ...tb.system, actor: { ...tb.system.actor, scopeCode: COUNTY } };
    await recordDisaster(county, {
      name: '冰雹',
      disasterSubtype: 'meteorological',
      occurredOn: '2024-06-02',
      villages: [VILLAGE_B],
    });
    const undo = await (
      await tb.as('township')
    ).post<RegistryImportView & ErrorBody>(`/api/registry/imports/${id}/undo`, {});
    expect(undo.status).toBe(409);
    expect(undo.body.error.message).toContain(`户 ${made.householdNo} 在导入后已被修改或已有后续记录`);
    const still = await tb.store.db.selectFrom('household').select('id').where('id', '=', made.id).executeTakeFirst();
    expect(still?.id).toBe(made.id);
  });
});
