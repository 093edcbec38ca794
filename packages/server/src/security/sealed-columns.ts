import {
  AliasNode,
  ColumnNode,
  TableNode,
  ColumnUpdateNode,
  OperationNodeTransformer,
  PrimitiveValueListNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  type InsertQueryNode,
  type KyselyPlugin,
  type OnConflictNode,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type UpdateQueryNode,
} from 'kysely';
import { isSealed, TOKEN_PREFIX } from './field-cipher.js';
import { idIndex, openToken, sealField, sealJson } from './field-keys.js';

/**
 * Which columns hold sensitive values, sealed at rest (issue 21 §3): the one list the store, the bulk loads and
 * the key rotation read. `index` names the column that holds the value's blind index (equality search and feed
 * matching); `json` marks a jsonb column sealed whole (its value becomes one JSON string, a token).
 */
export interface SealedColumn {
  index?: string;
  json?: true;
  /** a key that embeds an ID number (`department|signal|<ID>|period`): the number is replaced by its blind index */
  ids?: true;
}
export const SEALED_COLUMNS: Readonly<Record<string, Readonly<Record<string, SealedColumn>>>> = {
  member: { id_number: { index: 'id_number_index' }, phone: {}, disease: {} },
  separate_relative: { id_number: { index: 'id_number_index' } },
  household: { phone: {}, monitor_contact_phone: {} },
  lead: { applicant_id_number: { index: 'applicant_id_index' }, applicant_phone: {} },
  app_user: { phone: {} },
  feed_row: { id_number: { index: 'id_number_index' }, dedupe_key: { ids: true } },
  department_warning: { id_number: {}, dedupe_key: { ids: true } },
  registry_import_row: { cells: { json: true } },
  change_request: { payload: { json: true }, before: { json: true }, after: { json: true } },
  social_assistance_case: { pay_account: {} },
  payroll_line: { account_no: {} },
};

/** Keys of a department row's `detail` that name a person or their health (sealed inside the jsonb). */
export const SEALED_DETAIL_KEYS: readonly string[] = ['rawId', 'diagnosis', 'disease'];

/** The plain text of a sealed string value, or the value itself when it is not a token. */
function plainOf(v: string): string {
  if (!isSealed(v)) return v;
  const opened = openToken(v);
  if (typeof opened !== 'string')
    throw new Error('a sealed value could not be opened with the keys of this installation');
  return opened;
}

/** The stored form of one value of a sealed column (a token stays as it is). */
const EMBEDDED_ID = /\|(\d{17}[\dX])\|/g;

/** A key with each ID number in it replaced by the number's blind index (equal keys stay equal). */
export function pseudonymiseIds(key: string): string {
  return key.replace(EMBEDDED_ID, (_, id: string) => `|${idIndex(id)}|`);
}

export function sealValue(spec: SealedColumn, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (spec.ids) return pseudonymiseIds(String(v));
  if (spec.json) {
    if (typeof v === 'string' && isSealed(safeJsonString(v))) return v;
    return JSON.stringify(sealJson(typeof v === 'string' ? JSON.parse(v) : v));
  }
  if (typeof v !== 'string') throw new Error('a sealed column takes text');
  return isSealed(v) ? v : sealField(v);
}

function safeJsonString(v: string): string {
  try {
    const p = JSON.parse(v);
    return typeof p === 'string' ? p : '';
  } catch {
    return '';
  }
}

/** The blind index for a sealed column's value (plain or token). */
export function indexValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return idIndex(plainOf(String(v)));
}

/** Seals a bulk-load row in place (COPY of seeds and fixtures); adds the index columns the table needs. */
export function sealedColumnsFor(
  table: string,
  columns: readonly string[],
): { columns: readonly string[]; seal: (row: readonly unknown[]) => unknown[] } | undefined {
  const specs = SEALED_COLUMNS[table];
  const at = specs ? columns.flatMap((c, i) => (specs[c] ? [{ i, spec: specs[c]! }] : [])) : [];
  if (!at.length) return undefined;
  const indexed = at.filter((a) => a.spec.index && !columns.includes(a.spec.index));
  return {
    columns: [...columns, ...indexed.map((a) => a.spec.index!)],
    seal: (row) => {
      const out = [...row];
      for (const a of indexed) out.push(indexValue(row[a.i]));
      for (const a of at) out[a.i] = sealValue(a.spec, row[a.i]);
      return out;
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Reading: every result row of the store passes here

/** Opens the tokens among a result row's top-level values (text columns) in place. */
export function openRow(row: Record<string, unknown>): void {
  for (const k in row) {
    const v = row[k];
    if (typeof v === 'string' && v.startsWith(TOKEN_PREFIX)) {
      const o = openToken(v);
      if (o !== undefined) row[k] = o;
    }
  }
}

const reviveOpened = (_key: string, v: unknown) =>
  typeof v === 'string' && v.startsWith(TOKEN_PREFIX) ? (openToken(v) ?? v) : v;

/**
 * The store's parser of json and jsonb results: tokens at any depth are opened (a page's members aggregated
 * into one jsonb, a department row's detail, a sealed register row); text without a token parses as usual.
 */
export function parseJsonOpening(text: string): unknown {
  return text.includes(TOKEN_PREFIX) ? JSON.parse(text, reviveOpened) : JSON.parse(text);
}

// ------------------------------------------------------------------------------------------------
// Writing through Kysely: inserts and updates of a sealed column are sealed here

const tableName = (node: OperationNode | undefined): string | undefined => {
  if (!node) return undefined;
  if (TableNode.is(node)) return node.table.identifier.name;
  if (AliasNode.is(node)) return tableName(node.node);
  return undefined;
};
const columnName = (node: OperationNode): string | undefined =>
  node.kind === 'ColumnNode' ? (node as ColumnNode).column.name : undefined;

function sealUpdates(
  table: string,
  updates: ReadonlyArray<ColumnUpdateNode> | undefined,
): ReadonlyArray<ColumnUpdateNode> | undefined {
  const specs = SEALED_COLUMNS[table];
  if (!specs || !updates) return updates;
  const out: ColumnUpdateNode[] = [];
  for (const u of updates) {
    const name = columnName(u.column);
    const spec = name ? specs[name] : undefined;
    if (!spec) {
      if (!name || !Object.values(specs).some((s) => s.index === name)) out.push(u);
      continue;
    }
    if (u.value.kind === 'ReferenceNode') {
      out.push(u); // copies another sealed value (excluded.phone), already a token
      continue;
    }
    if (u.value.kind !== 'ValueNode')
      throw new Error(`${table}.${name} is sealed: set it to a value, not an expression`);
    const v = (u.value as ValueNode).value;
    out.push(ColumnUpdateNode.create(u.column, ValueNode.create(sealValue(spec, v))));
    if (spec.index) out.push(ColumnUpdateNode.create(ColumnNode.create(spec.index), ValueNode.create(indexValue(v))));
  }
  return out;
}

class SealTransformer extends OperationNodeTransformer {
  protected override transformInsertQuery(node: InsertQueryNode): InsertQueryNode {
    const done = super.transformInsertQuery(node);
    const table = tableName(done.into);
    const specs = table ? SEALED_COLUMNS[table] : undefined;
    if (!specs || !done.columns) return done;
    const names = done.columns.map((c) => c.column.name);
    const at = names.flatMap((n, i) => (specs[n] ? [{ i, spec: specs[n]! }] : []));
    const onConflict = done.onConflict && this.sealConflict(table!, done.onConflict);
    if (!at.length) return { ...done, ...(onConflict ? { onConflict } : {}) };
    if (done.values?.kind !== 'ValuesNode') throw new Error(`${table} has sealed columns: insert values, not a query`);
    // the index columns are always computed here, never taken from the caller
    const keep = names.map((n) => !Object.values(specs).some((s) => s.index === n));
    const indexed = at.filter((a) => a.spec.index);
    const columns = [
      ...done.columns.filter((_, i) => keep[i]),
      ...indexed.map((a) => ColumnNode.create(a.spec.index!)),
    ];
    const rows = (done.values as ValuesNode).values.map((list) => {
      // each entry is a value, or an expression node (a default, a sql`` fragment) that is passed through
      const entries: { value?: unknown; node?: OperationNode }[] =
        list.kind === 'PrimitiveValueListNode'
          ? list.values.map((value) => ({ value }))
          : list.values.map((v) => (v.kind === 'ValueNode' ? { value: (v as ValueNode).value } : { node: v }));
      for (const a of at) {
        const node = entries[a.i]!.node;
        // a column another row of the insert sets and this one does not: its default, null
        if (node?.kind === 'DefaultInsertValueNode') entries[a.i] = { value: null };
        else if (node) throw new Error(`${table}.${names[a.i]} is sealed: insert a value, not an expression`);
      }
      const index: { value?: unknown; node?: OperationNode }[] = indexed.map((a) => ({
        value: indexValue(entries[a.i]!.value),
      }));
      for (const a of at) entries[a.i] = { value: sealValue(a.spec, entries[a.i]!.value) };
      const row = [...entries.filter((_, i) => keep[i]), ...index];
      return row.some((e) => e.node)
        ? ValueListNode.create(row.map((e) => e.node ?? ValueNode.create(e.value)))
        : PrimitiveValueListNode.create(row.map((e) => e.value));
    });
    return { ...done, columns, values: ValuesNode.create(rows), ...(onConflict ? { onConflict } : {}) };
  }

  private sealConflict(table: string, node: OnConflictNode): OnConflictNode {
    const updates = sealUpdates(table, node.updates);
    return updates === node.updates ? node : { ...node, ...(updates ? { updates } : {}) };
  }

  protected override transformUpdateQuery(node: UpdateQueryNode): UpdateQueryNode {
    const done = super.transformUpdateQuery(node);
    const table = tableName(done.table);
    if (!table) return done;
    const updates = sealUpdates(table, done.updates);
    return updates === done.updates ? done : { ...done, ...(updates ? { updates } : {}) };
  }
}

/** The Kysely plugin of the store: seals on the way in; opening happens for every result in the store. */
export class SealPlugin implements KyselyPlugin {
  readonly #transformer = new SealTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
