import { DeleteOutlined, DownloadOutlined } from '@ant-design/icons';
import type { ExportFileList, ExportFileStatus, ExportFileView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Popconfirm, Space, Tag, Typography } from 'antd';
import { api, download, isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { localize, useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';

const STATUS_COLOR: Record<ExportFileStatus, string> = {
  queued: 'default',
  running: 'processing',
  ready: 'success',
  failed: 'error',
};

/** 1,234 KB / 12.3 MB: the size an officer compares with what a phone may download. */
function size(bytes: number | null): string {
  if (bytes === null) return '—';
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024).toLocaleString()} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * 下载中心 (issue 19 §2): my background exports of the last day, refreshed every two seconds while one is being
 * written; each ready file downloads under its Chinese name, and can be deleted before it expires.
 */
export function DownloadsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const files = useQuery({
    queryKey: ['export-files'],
    queryFn: () => api.get<ExportFileList>('/api/export-files'),
    refetchInterval: (q) =>
      q.state.data?.items.some((f) => f.status === 'queued' || f.status === 'running') ? 2000 : false,
  });
  const act = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      if (done) message.success(done);
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      await qc.invalidateQueries({ queryKey: ['export-files'] });
    }
  };
  const columns: Column<ExportFileView>[] = [
    { key: 'file', title: t('downloads.file'), card: 'title', render: (f) => f.fileName },
    {
      key: 'status',
      title: t('downloads.status'),
      card: 'extra',
      render: (f) => (
        <Space direction="vertical" size={0}>
          <Tag color={STATUS_COLOR[f.status]}>{t(`downloads.status.${f.status}`)}</Tag>
          {f.error ? <Typography.Text type="danger">{localize(f.error, lang)}</Typography.Text> : null}
        </Space>
      ),
    },
    { key: 'size', title: t('downloads.size'), align: 'right', render: (f) => size(f.sizeBytes) },
    { key: 'created', title: t('downloads.created'), render: (f) => when(f.createdAt) },
    { key: 'finished', title: t('downloads.finished'), render: (f) => when(f.finishedAt) },
    { key: 'expires', title: t('downloads.expires'), render: (f) => when(f.expiresAt) },
    {
      key: 'actions',
      title: t('downloads.actions'),
      fixed: 'right',
      render: (f) => (
        <Space>
          <Button
            type="link"
            icon={<DownloadOutlined />}
            disabled={f.status !== 'ready'}
            onClick={() => void act(() => download(`/api/export-files/${f.id}/file`, undefined, f.fileName))}
          >
            {t('downloads.download')}
          </Button>
          <Popconfirm
            title={t('downloads.delete')}
            onConfirm={() => act(() => api.delete(`/api/export-files/${f.id}`), t('downloads.deleted'))}
          >
            <Button type="link" danger icon={<DeleteOutlined />}>
              {t('downloads.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader title={t('downloads.title')} sub={t('downloads.sub')} />
      <Card>
        {files.isError ? <ErrorAlert error={files.error} onRetry={() => void files.refetch()} /> : null}
        <ResponsiveTable
          rows={files.data?.items ?? []}
          columns={columns}
          rowKey={(f) => f.id}
          loading={files.isLoading}
          caption={t('downloads.title')}
          empty={<Empty description={t('downloads.none')} />}
        />
      </Card>
    </>
  );
}
