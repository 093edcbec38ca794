import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { download, isApiError, type Query } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** Download a list as Excel with the same filters the list shows (the server builds the file, in its own order). */
export function ExportButton({ path, query, fileName }: { path: string; query?: object; fileName: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const { page: _p, pageSize: _s, sort: _o, ...filters } = (query ?? {}) as Record<string, unknown>;
          await download(path, filters as Query, fileName);
        } catch (e) {
          message.error(isApiError(e) ? e.text(lang) : String(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy ? t('common.exporting') : t('common.export')}
    </Button>
  );
}
