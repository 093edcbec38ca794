import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Flex, Input, Row, Tag } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useRegionTree } from '../../api/queries';
import { useI18n } from '../../i18n/i18n';
import { messages, type MessageKey } from '../../i18n/messages';
import { useIsPhone } from '../../lib/responsive';
import { FilterControl } from './FilterControl';
import type { FilterField } from './schema-fields';

type SetQuery = (patch: Record<string, unknown>) => void;

export interface FilterCardProps {
  /** the filters with a control, in order (from the query schema: `filterFieldsOf`) */
  fields: FilterField[];
  query: Record<string, unknown>;
  setQuery: SetQuery;
  /** a page's own wording for a filter's label (default: the `filter.<key>` message) */
  labels?: Partial<Record<string, string>> | undefined;
  /** the search box's placeholder and test id, when the list has a `q` search */
  search?: { placeholder: string; testId?: string } | undefined;
  /** controls of the page's own (a Segmented of states, say), before the schema's */
  extra?: ReactNode;
  /** show every filter in force as a closable chip (those without a control too) */
  chips?: boolean | undefined;
  /** every filter of the schema, so a chip names an enum value with its own enum's label */
  allFields?: FilterField[] | undefined;
  /** a last control after the filters (the sort, on a phone) */
  tail?: ReactNode;
  /** filters never shown as chips (those the page's own controls already show) */
  noChips?: readonly string[] | undefined;
}

/** A filter's label: the page's, else its message, else a neutral word (never the parameter's name). */
export function useFilterLabel(labels?: Partial<Record<string, string>>) {
  const { t } = useI18n();
  return (key: string): string => {
    const own = labels?.[key];
    if (own) return own;
    const k = `filter.${key}` as MessageKey;
    return k in messages ? t(k) : t('common.filters');
  };
}

/** The filter card every list shows: a search box when the list has one, then one control per filter. */
export function FilterCard(p: FilterCardProps) {
  const phone = useIsPhone();
  const [open, setOpen] = useState(false);
  const label = useFilterLabel(p.labels);
  // the search box is `q`; any other text filter (a username, a record number) is a control of its own
  const controls = p.fields.filter((f) => f.kind !== 'search' || f.key !== 'q');
  const inForce = controls.filter((f) => p.query[f.key] !== undefined).length;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="list-filters">
      {p.search ? (
        <SearchRow {...p} search={p.search} phone={phone} open={open} setOpen={setOpen} inForce={inForce} />
      ) : null}
      <Row
        gutter={[8, 8]}
        align="middle"
        style={{ marginTop: p.search ? 8 : 0, display: phone && p.search && !open ? 'none' : undefined }}
      >
        {p.extra ? (
          <Col xs={24} md={10}>
            {p.extra}
          </Col>
        ) : null}
        {controls.map((f) => (
          <Col key={f.key} xs={24} sm={12} lg={controls.length > 4 ? 5 : 6}>
            <FilterControl
              field={f}
              label={label(f.key)}
              value={p.query[f.key]}
              onChange={(v) => p.setQuery({ [f.key]: v })}
            />
          </Col>
        ))}
        {p.tail ? (
          <Col xs={24} sm={12} lg={6}>
            {p.tail}
          </Col>
        ) : null}
      </Row>
      {p.chips ? (
        <ActiveFilters
          query={p.query}
          label={label}
          fields={p.allFields ?? p.fields}
          onClear={(k) => p.setQuery({ [k]: undefined })}
        />
      ) : null}
    </Card>
  );
}

type SearchRowProps = FilterCardProps & {
  search: NonNullable<FilterCardProps['search']>;
  phone: boolean;
  open: boolean;
  setOpen: (f: (v: boolean) => boolean) => void;
  inForce: number;
};

/** The search box (submitted with 查询 or Enter) and, on a phone, the button that shows the other filters. */
function SearchRow({ query, setQuery, search, phone, open, setOpen, inForce }: SearchRowProps) {
  const { t } = useI18n();
  const [text, setText] = useState(String(query.q ?? ''));
  useEffect(() => setText(String(query.q ?? '')), [query.q]);
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        setQuery({ q: text.trim() });
      }}
    >
      <Row gutter={[8, 8]}>
        <Col xs={24} md={12} lg={10}>
          <Input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={search.placeholder}
            aria-label={search.placeholder}
            allowClear
            onClear={() => setQuery({ q: undefined })}
            prefix={<SearchOutlined aria-hidden />}
            data-testid={search.testId}
            size="large"
          />
        </Col>
        <Col xs={phone ? 16 : 24} md={4} lg={3}>
          <Button type="primary" htmlType="submit" block size="large">
            {t('common.search')}
          </Button>
        </Col>
        {phone ? (
          <Col xs={8}>
            <Badge count={inForce} size="small">
              <Button
                block
                size="large"
                icon={<FilterOutlined />}
                aria-expanded={open}
                onClick={() => setOpen((v) => !v)}
              >
                {t('common.filters')}
              </Button>
            </Badge>
          </Col>
        ) : null}
      </Row>
    </form>
  );
}

/**
 * Every filter in force, as closable chips, so a list opened from a dashboard figure says what it counts (and
 * filters without a control of their own, such as the as-of day, can be removed).
 */
function ActiveFilters(p: {
  query: Record<string, unknown>;
  fields: FilterField[];
  label: (k: string) => string;
  onClear: (k: string) => void;
}) {
  const { t, L } = useI18n();
  const regions = useRegionTree();
  // a chip only for what can be said in words: no ids or free text, no value without a label
  const entries = Object.entries(p.query).flatMap(([k, v]) => {
    const f = p.fields.find((x) => x.key === k);
    if (!f || f.kind === 'search' || f.kind === 'number' || v === undefined || v === '') return [];
    if (f.kind === 'enum' && !f.enumDef?.labels[String(v)]) return [];
    return [[k, v] as const];
  });
  if (!entries.length) return null;
  const value = (k: string, v: unknown): string => {
    const s = String(v);
    if (k === 'region') return regions.data?.nodes.find((r) => r.code === s)?.name ?? s;
    if (typeof v === 'boolean' || s === 'true' || s === 'false') return t(s === 'true' ? 'common.yes' : 'common.no');
    const def = p.fields.find((f) => f.key === k)?.enumDef;
    return def?.labels[s] ? L(def.labels[s]) : s;
  };
  return (
    <Flex gap={4} wrap style={{ marginTop: 8 }} data-testid="active-filters">
      {entries.map(([k, v]) => (
        <Tag key={k} closable onClose={() => p.onClear(k)} color="blue">
          {p.label(k)}: {value(k, v)}
        </Tag>
      ))}
    </Flex>
  );
}
