import { REGISTRY_TEMPLATE, type RegistrySheet } from '@dixian/core';
import type { RegistryImportView } from '@dixian/core/api';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../api/client';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';

type Problem = RegistryImportView['problems'][number];
type Mapping = RegistryImportView['sheets'][number]['columns'][number] & { sheet: RegistrySheet };
const IGNORE = '__ignore__';

/** The preview of a staged batch: counts, the header mapping (unknown headers chosen by hand), problems, commit. */
export function ImportPreview({ view }: { view: RegistryImportView }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <CountsCard view={view} />
      {view.status === 'preview' ? <MappingCard view={view} /> : null}
      {view.status === 'preview' ? <ProblemsCard view={view} /> : null}
      {view.status === 'preview' ? <CommitBar view={view} /> : null}
      {view.status !== 'preview' ? (
        <Alert
          type={view.status === 'committed' ? 'success' : 'info'}
          showIcon
          message={t(`registryIo.status.${view.status}`)}
        />
      ) : null}
    </Space>
  );
}

function CountsCard({ view }: { view: RegistryImportView }) {
  const { t } = useI18n();
  const parts = [
    ['households', view.counts.households],
    ['members', view.counts.members],
    ['incomes', view.counts.incomes],
  ] as const;
  return (
    <Card title={t('registryIo.preview', { name: view.fileName })} data-testid="import-counts">
      <Row gutter={[16, 16]}>
        {parts.map(([key, c]) => (
          <Col xs={24} md={8} key={key}>
            <Typography.Text strong>{t(`registryIo.${key}`)}</Typography.Text>
            <Flex gap={16} wrap>
              <Statistic title={t('registryIo.create')} value={c.create} data-testid={`count-${key}-create`} />
              <Statistic title={t('registryIo.update')} value={c.update} data-testid={`count-${key}-update`} />
              <Statistic title={t('registryIo.unchanged')} value={c.unchanged} />
            </Flex>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function MappingCard({ view }: { view: RegistryImportView }) {
  const { t, L, lang } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const rows: Mapping[] = view.sheets.flatMap((s) => s.columns.map((c) => ({ ...c, sheet: s.sheet })));
  const shown = rows.filter((r) => r.source !== 'template');
  const key = (r: Mapping) => `${r.sheet}\u0000${r.header}`;
  const apply = async () => {
    const mappings = Object.entries(choice).map(([k, field]) => {
      const [sheet, header] = k.split('\u0000') as [RegistrySheet, string];
      return { sheet, header, field: field === IGNORE ? null : field };
    });
    setBusy(true);
    try {
      const v = await api.post<RegistryImportView>(`/api/registry/imports/${view.id}/mapping`, { mappings });
      qc.setQueryData(['registry-import', view.id], v);
      void qc.invalidateQueries({ queryKey: ['registry-imports'] });
      setChoice({});
      message.success(t('registryIo.mappingDone'));
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const columns: Column<Mapping>[] = [
    { key: 'sheet', title: t('registryIo.sheet'), render: (r) => L(REGISTRY_TEMPLATE[r.sheet].label) },
    { key: 'header', title: t('registryIo.header'), card: 'title', render: (r) => r.header },
    {
      key: 'source',
      title: t('registryIo.source'),
      card: 'extra',
      render: (r) =>
        r.source ? (
          <Tag>{t(`registryIo.source.${r.source}`)}</Tag>
        ) : (
          <Tag color="orange">{t('registryIo.source.none')}</Tag>
        ),
    },
    {
      key: 'field',
      title: t('registryIo.field'),
      render: (r) => (
        <Select
          style={{ minWidth: 200, width: '100%' }}
          aria-label={`${t('registryIo.field')}:${r.header}`}
          placeholder={t('registryIo.choose')}
          value={choice[key(r)] ?? r.field ?? undefined}
          onChange={(v: string) => setChoice((c) => ({ ...c, [key(r)]: v }))}
          options={[
            { value: IGNORE, label: t('registryIo.ignore') },
            ...REGISTRY_TEMPLATE[r.sheet].columns.map((c) => ({ value: c.field, label: c.header })),
          ]}
          data-testid={`map-${r.header}`}
        />
      ),
    },
  ];
  if (!shown.length) return null;
  return (
    <Card title={t('registryIo.mapping')} data-testid="import-mapping">
      <Typography.Paragraph type="secondary">{t('registryIo.mappingHint')}</Typography.Paragraph>
      <ResponsiveTable rows={shown} columns={columns} rowKey={key} caption={t('registryIo.mapping')} />
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={!Object.keys(choice).length}
        loading={busy}
        onClick={apply}
        data-testid="apply-mapping"
      >
        {t('registryIo.applyMapping')}
      </Button>
    </Card>
  );
}

function ProblemsCard({ view }: { view: RegistryImportView }) {
  const { t, L } = useI18n();
  const columns: Column<Problem>[] = [
    { key: 'sheet', title: t('registryIo.sheet'), render: (p) => L(REGISTRY_TEMPLATE[p.sheet].label) },
    {
      key: 'row',
      title: t('registryIo.row'),
      card: 'title',
      align: 'right',
      render: (p) => t('registryIo.rowN', { n: p.row }),
    },
    { key: 'column', title: t('registryIo.column'), render: (p) => p.column ?? '—' },
    { key: 'message', title: t('registryIo.message'), render: (p) => p.message },
  ];
  return (
    <Card title={t('registryIo.problems', { n: view.problemCount })} data-testid="import-problems">
      {view.householdsWithProblems ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('registryIo.householdsWithProblems', { n: view.householdsWithProblems })}
        />
      ) : null}
      {view.problemCount > view.problems.length ? (
        <Typography.Paragraph type="secondary">
          {t('registryIo.problemsShown', { n: view.problems.length })}
        </Typography.Paragraph>
      ) : null}
      <ResponsiveTable
        rows={view.problems}
        columns={columns}
        rowKey={(p) => `${p.sheet}-${p.row}-${p.field ?? ''}-${p.message}`}
        caption={t('registryIo.problems', { n: view.problemCount })}
        empty={<Typography.Text type="secondary">{t('registryIo.noProblems')}</Typography.Text>}
      />
    </Card>
  );
}

/** 放弃: give up the preview; its staged rows (the file's personal data) are deleted at once. */
function DiscardButton({ view }: { view: RegistryImportView }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const discard = async () => {
    try {
      const v = await api.post<RegistryImportView>(`/api/registry/imports/${view.id}/discard`, {});
      qc.setQueryData(['registry-import', view.id], v);
      await qc.invalidateQueries({ queryKey: ['registry-imports'] });
      message.success(t('registryIo.discarded'));
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    }
  };
  return (
    <Popconfirm title={t('registryIo.discardConfirm')} onConfirm={discard}>
      <Button data-testid="discard-import">{t('registryIo.discard')}</Button>
    </Popconfirm>
  );
}

function CommitBar({ view }: { view: RegistryImportView }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState(false);
  const problems = view.problemCount > 0;
  const commit = async () => {
    setBusy(true);
    try {
      const v = await api.post<RegistryImportView>(`/api/registry/imports/${view.id}/commit`, { skipProblems: skip });
      qc.setQueryData(['registry-import', view.id], v);
      await qc.invalidateQueries({ queryKey: ['registry-imports'] });
      await qc.invalidateQueries({ queryKey: ['households'] });
      message.success(t('registryIo.commitDone'));
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Flex gap={16} align="center" wrap>
        {problems ? (
          <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)} data-testid="skip-problems">
            {t('registryIo.skip')}
          </Checkbox>
        ) : null}
        <Popconfirm title={t('registryIo.commitConfirm')} onConfirm={commit}>
          <Button type="primary" loading={busy} disabled={problems && !skip} data-testid="commit-import">
            {t('registryIo.commit')}
          </Button>
        </Popconfirm>
        <DiscardButton view={view} />
      </Flex>
    </Card>
  );
}
