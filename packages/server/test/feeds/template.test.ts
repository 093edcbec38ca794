import path from 'node:path';
import { FEED_DEPARTMENTS, FEED_SPECS, type FieldDef } from '@dixian/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { writeFeedTemplate } from '../../src/feeds/report.js';
import { importFeed } from '../../src/services/feed.service.js';
import { createTestStore, engines } from '../support/db.js';
import { countyAdmin, RECEIVED_AT, seedRegistry, tmpDir, type Registry } from './support.js';

/** A plausible value for a template column (a school list names a child: an adult is refused, issue 12 #11). */
function sample(field: FieldDef, reg: Registry, dept: string): ExcelJS.CellValue {
  const who = dept === 'education' ? reg.zhangChild : reg.wang;
  // a 停保日期 makes a 民政 row a stop record, which raises nothing
  if (field.key === 'stopped_on') return null;
  if (field.choices) return field.choices[field.key === 'grade' && field.kind === 'housing_grade' ? 3 : 0]!;
  switch (field.kind) {
    case 'id_number':
      return who.id;
    case 'disability_cert':
      return `${who.id}41`;
    case 'amount':
      return '30,000.00元';
    case 'date':
    case 'month_or_date':
      return new Date(Date.UTC(2024, 4, 6));
    case 'year':
      return 2024;
    case 'count':
      return 40;
    case 'yes_no':
      return '是';
    case 'disability_grade':
      return '一级';
    case 'housing_grade':
      return 'D级';
    case 'text':
      return field.key === 'person_name' ? who.name : field.key === 'disease' ? '尿毒症' : '三道阳岔村';
  }
}

describe.each(engines)('department templates on %s', (engine) => {
  let store: Store;
  let reg: Registry;
  beforeAll(async () => {
    store = await createTestStore(engine);
    reg = await seedRegistry(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each(FEED_DEPARTMENTS)(
    'the %s template, filled in, imports with no problem and raises its signal',
    async (dept) => {
      const file = path.join(tmpDir(), `${dept}.xlsx`);
      await writeFeedTemplate(dept, file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet('数据')!;
      const fields = FEED_SPECS[dept].fields;
      // the header names every field, required ones marked, the ID column formatted as text
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(fields.map((f) => (f.required ? `*${f.zh}` : f.zh)));
      expect(ws.getColumn(1).numFmt).toBe('@');
      expect(wb.getWorksheet('填表说明')!.rowCount).toBeGreaterThan(fields.length);
      ws.addRow(fields.map((f) => sample(f, reg, dept)));
      await wb.xlsx.writeFile(file);

      const { batch } = await importFeed(
        { store, actor: countyAdmin, now: () => RECEIVED_AT },
        { department: dept, file },
      );
      const issues = await store.transaction((tx) =>
        tx.client.query<{ problem: string }>(
          `select problem from feed_issue where batch_id = $1 and severity = 'error'`,
          [batch.id],
        ),
      );
      expect(issues.rows).toEqual([]);
      expect(batch).toMatchObject({ rowsTotal: 1, rowsValid: 1, rowsMatched: 1 });
      const signal = await store.transaction((tx) =>
        tx.client.query<{ signal_type: string | null }>(`select signal_type from feed_row where batch_id = $1`, [
          batch.id,
        ]),
      );
      expect(signal.rows[0]!.signal_type).not.toBeNull();
    },
  );
});
