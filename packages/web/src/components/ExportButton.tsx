import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { download, exportInBackground, isApiError, type Query } from '../api/client';
import { useI18n } from '../i18n/i18n';

/**
 * Lists longer than this are exported in the background by default: a county's 300,000 households take many seconds
 * to write, and a phone or a busy month-start would wait on an open request all that time.
 */
export const BACKGROUND_ROWS = 10_000;
const NOTICE = 'export-queued';

/**
 * Download a list as Excel with the same filters the list shows (the server builds the file, in its own order).
 * A long list (`rows` over BACKGROUND_ROWS) goes to the 下载中心 instead; the arrow offers the other way.
 */
export function ExportButton({
  path,
  query,
  fileName,
  rows,
}: {
  path: string;
  query?: object;
  fileName: string;
  /** the list's row count, when known: a long list is exported in the background */
  rows?: number | undefined;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const large = rows !== undefined && rows > BACKGROUND_ROWS;
  const run = async (background: boolean) => {
    setBusy(true);
    try {
      const { page: _p, pageSize: _s, sort: _o, ...filters } = (query ?? {}) as Record<string, unknown>;
      if (!background) {
        await download(path, filters as Query, fileName);
        return;
      }
      const queued = await exportInBackground(path, filters as Query, fileName);
      if (queued !== 'downloaded') {
        void qc.invalidateQueries({ queryKey: ['export-files'] });
        message.success({
          key: NOTICE,
          content: (
            <span data-testid="export-queued">
              {large ? `${t('export.largeHint', { n: (rows ?? 0).toLocaleString() })}。` : ''}
              {t('export.queued')}{' '}
              {/* the notice renders outside the router's tree: navigate from here, not with <Link> */}
              <Typography.Link
                href="/downloads"
                onClick={(e) => {
                  e.preventDefault();
                  message.destroy(NOTICE);
                  navigate('/downloads');
                }}
              >
                {t('downloads.open')}
              </Typography.Link>
            </span>
          ),
          duration: 8,
        });
      }
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space.Compact>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run(large)}>
        {busy ? t('common.exporting') : t('common.export')}
      </Button>
      <Dropdown
        disabled={busy}
        menu={{
          items: [{ key: 'other', label: large ? t('export.direct') : t('export.background') }],
          onClick: () => void run(!large),
        }}
      >
        <Button icon={<DownOutlined />} aria-label={t('export.background')} data-testid="export-more" />
      </Dropdown>
    </Space.Compact>
  );
}
