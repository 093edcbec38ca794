import { describe, expect, it } from 'vitest';
import {
  cellDate,
  convertCell,
  columnOf,
  knownColumn,
  makeIdNumber,
  mapHeaders,
  missingRegistryColumns,
  readRow,
  REGISTRY_SHEETS,
  REGISTRY_TEMPLATE,
} from '../src/index.js';

/** The register workbook's rows read purely (issue 14 §4): headers, cells, and the forms' schemas. */
describe('register rows', () => {
  it('every column names a field its form takes, once per sheet, and every header is its own', () => {
    for (const sheet of REGISTRY_SHEETS) {
      const fields = REGISTRY_TEMPLATE[sheet].columns.map((c) => c.field);
      expect(new Set(fields).size, sheet).toBe(fields.length);
      for (const c of REGISTRY_TEMPLATE[sheet].columns)
        expect(knownColumn(sheet, c.header)?.field, c.header).toBe(c.field);
    }
  });

  it('maps headers: a manual choice, then the county’s alias, then the template and its synonyms', () => {
    const aliases = new Map([['户主身份证', 'idNumber']]);
    const m = mapHeaders('members', ['户 号', '姓名', '户主身份证', '关系', '民族'], aliases, { 民族: null });
    expect(m).toEqual([
      { header: '户 号', field: 'householdNo', source: 'template' },
      { header: '姓名', field: 'name', source: 'template' },
      { header: '户主身份证', field: 'idNumber', source: 'alias' },
      { header: '关系', field: null, source: null },
      { header: '民族', field: null, source: 'manual' },
    ]);
    expect(missingRegistryColumns('members', m, 1)).toEqual([
      expect.objectContaining({ field: 'relation', row: 1, message: expect.stringContaining('与户主关系') }),
    ]);
  });

  it('converts cells by kind: labels to codes, 是/否, yuan to fen, days in the forms counties write', () => {
    expect(convertCell(columnOf('members', 'relation')!, '户主')).toEqual({ ok: true, value: 'head' });
    expect(convertCell(columnOf('members', 'relation')!, '堂兄')).toMatchObject({ ok: false });
    expect(convertCell(columnOf('households', 'receivesDibao')!, '是')).toEqual({ ok: true, value: true });
    expect(convertCell(columnOf('incomes', 'wageFen')!, '1,234.5')).toEqual({ ok: true, value: 123450 });
    expect(convertCell(columnOf('incomes', 'wageFen')!, '12.345')).toMatchObject({ ok: false });
    expect(convertCell(columnOf('incomes', 'wageFen')!, '-1')).toMatchObject({ ok: false });
    expect(cellDate('2024/1/5')).toBe('2024-01-05');
    expect(cellDate('20240105')).toBe('2024-01-05');
    expect(cellDate('2024-02-30')).toBeNull();
  });

  it('checks a row with the form’s schema and names the column the file gave', () => {
    const mapping = mapHeaders('incomes', ['户编号', '年份', '工资性收入'], new Map());
    const ok = readRow('incomes', 7, { 户编号: 'H1', 年份: '2023', 工资性收入: '100' }, mapping);
    expect(ok.problems).toEqual([]);
    expect(ok.values).toMatchObject({
      kind: 'annual',
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      wageFen: 10000,
    });
    const bad = readRow('incomes', 8, { 户编号: 'H1', 年份: '1999' }, mapping);
    expect(bad.problems).toEqual([
      { sheet: 'incomes', row: 8, column: '年份', field: 'year', message: '年度不能小于 2000' },
    ]);
    const member = readRow(
      'members',
      3,
      { 姓名: '王五', 身份证号: makeIdNumber('220681', '1970-01-01', 5, 'male') },
      mapHeaders('members', ['户编号', '姓名', '身份证号', '与户主关系'], new Map()),
    );
    expect(member.problems.map((p) => [p.field, p.column])).toEqual([
      ['householdNo', '户编号'],
      ['relation', '与户主关系'],
    ]);
  });
});
