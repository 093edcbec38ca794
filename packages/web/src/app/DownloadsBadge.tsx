import { CloudDownloadOutlined } from '@ant-design/icons';
import type { ExportFileList } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Tooltip } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';

/**
 * The header's way to the 下载中心: the count of my exports still being written, looked at every 5 s while there are
 * some and every minute otherwise (the list shares its query with the page, so an export started there shows here).
 */
export function DownloadsBadge() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const files = useQuery({
    queryKey: ['export-files'],
    queryFn: () => api.get<ExportFileList>('/api/export-files'),
    refetchInterval: (q) =>
      q.state.data?.items.some((f) => f.status === 'queued' || f.status === 'running') ? 5000 : 60_000,
  });
  const writing = (files.data?.items ?? []).filter((f) => f.status === 'queued' || f.status === 'running').length;
  return (
    <Tooltip title={t('downloads.open')}>
      <Button
        type="text"
        aria-label={t('downloads.open')}
        data-testid="downloads"
        onClick={() => navigate('/downloads')}
      >
        <Badge count={writing} size="small" color="blue">
          <CloudDownloadOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Tooltip>
  );
}
