import { DownloadOutlined } from '@ant-design/icons';
import type { RegistryImportItem, RegistryImportList, RegistryImportView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { z } from 'zod';
import { api, download, isApiError, uploadFile, type ApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { FileDrop } from '../../components/FileDrop';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { useUrlQuery } from '../../lib/use-url-query';
import { ImportPreview } from './ImportPreview';

const ImportQuery = z.object({ batch: z.guid().optional() });
const STATUS_COLORS = { preview: 'blue', committed: 'green', undone: 'default', discarded: 'default' } as const;

/**
 * 导入户籍 (issue 14 §4): upload a register workbook, check its preview (counts, header mapping, problems), commit
 * it, and undo a batch from the history. The batch open is in the URL (`?batch=`).
 */
export function RegistryImportPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [query, setQuery] = useUrlQuery(ImportQuery);
  const qc = useQueryClient();
  const batch = useQuery({
    queryKey: ['registry-import', query.batch],
    queryFn: () => api.get<RegistryImportView>(`/api/registry/imports/${query.batch}`),
    enabled: !!query.batch,
  });
  const template = async () => {
    try {
      await download('/api/registry/template.xlsx', {}, 'registry-template.xlsx');
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    }
  };
  return (
    <>
      <PageHeader
        title={t('registryIo.title')}
        sub={t('registryIo.sub')}
        extra={
          <Button icon={<DownloadOutlined />} onClick={template} data-testid="download-template">
            {t('registryIo.template')}
          </Button>
        }
      />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <ImportUpload
            onDone={(v) => {
              qc.setQueryData(['registry-import', v.id], v);
              void qc.invalidateQueries({ queryKey: ['registry-imports'] });
              setQuery({ batch: v.id });
            }}
          />
        </Card>
        {batch.error ? <ErrorAlert error={batch.error} onRetry={() => void batch.refetch()} /> : null}
        {batch.data ? <ImportPreview view={batch.data} /> : null}
        <ImportHistory open={(id) => setQuery({ batch: id })} />
      </Space>
    </>
  );
}

function ImportUpload({ onDone }: { onDone: (v: RegistryImportView) => void }) {
  const { t, lang } = useI18n();
  const [reading, setReading] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const start = async (file: File) => {
    setError(null);
    setReading(file.name);
    try {
      onDone(await uploadFile<RegistryImportView>('/api/registry/imports', { fileName: file.name }, file));
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setReading(null);
    }
  };
  return (
    <div>
      <FileDrop
        accept=".xlsx"
        disabled={!!reading}
        onFile={(file) => void start(file)}
        text={t('registryIo.upload')}
        hint={t('registryIo.uploadHint')}
        testId="import-upload"
      />
      {reading ? (
        <Typography.Paragraph role="status" aria-live="polite" style={{ marginTop: 12 }}>
          {t('registryIo.reading', { name: reading })}
        </Typography.Paragraph>
      ) : null}
      {error ? (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          message={t('registryIo.failed')}
          description={isApiError(error) ? error.text(lang) : error.message}
          data-testid="import-error"
        />
      ) : null}
    </div>
  );
}

function ImportHistory({ open }: { open: (id: string) => void }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: ['registry-imports'],
    queryFn: () => api.get<RegistryImportList>('/api/registry/imports'),
  });
  const undo = async (b: RegistryImportItem) => {
    try {
      const v = await api.post<RegistryImportView>(`/api/registry/imports/${b.id}/undo`, {});
      qc.setQueryData(['registry-import', b.id], v);
      await qc.invalidateQueries({ queryKey: ['registry-imports'] });
      await qc.invalidateQueries({ queryKey: ['households'] });
      message.success(t('registryIo.undoDone'));
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    }
  };
  const columns: Column<RegistryImportItem>[] = [
    { key: 'file', title: t('registryIo.file'), card: 'title', render: (b) => b.fileName },
    {
      key: 'status',
      title: t('registryIo.status'),
      card: 'extra',
      render: (b) => <Tag color={STATUS_COLORS[b.status]}>{t(`registryIo.status.${b.status}`)}</Tag>,
    },
    { key: 'by', title: t('registryIo.uploadedBy'), render: (b) => b.createdBy ?? '—' },
    { key: 'at', title: t('registryIo.uploadedAt'), render: (b) => when(b.createdAt) },
    {
      key: 'counts',
      title: t('registryIo.counts'),
      render: (b) => (b.counts ? `${b.counts.households.create} / ${b.counts.households.update}` : '—'),
    },
    {
      key: 'actions',
      title: t('registryIo.actions'),
      fixed: 'right',
      render: (b) => (
        <Space wrap>
          <Button size="small" onClick={() => open(b.id)}>
            {t('registryIo.open')}
          </Button>
          {b.status === 'committed' ? (
            <Popconfirm title={t('registryIo.undoConfirm')} onConfirm={() => undo(b)}>
              <Button size="small" danger data-testid="undo-import">
                {t('registryIo.undo')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('registryIo.history')} data-testid="import-history">
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <ResponsiveTable
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(b) => b.id}
        loading={list.isLoading}
        caption={t('registryIo.history')}
        empty={<Typography.Text type="secondary">{t('registryIo.historyEmpty')}</Typography.Text>}
      />
    </Card>
  );
}
