import { CloseOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { exportSelected, type ExportColumn } from './export-selected';

export interface BulkBarProps {
  title: string;
  fileName: string;
  columns: ExportColumn[];
  keys: readonly string[];
  root: () => HTMLElement | null;
  onClear: () => void;
  /** the list's own bulk actions on the selected rows (those its server already offers) */
  actions?: ReactNode;
}

/** Shown while rows are selected: how many, an export of exactly those rows, the list's own bulk actions. */
export function BulkBar(p: BulkBarProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onExport = async () => {
    const root = p.root();
    if (!root) return;
    setBusy(true);
    try {
      await exportSelected({
        title: p.title,
        fileName: p.fileName.replace(/\.xlsx$/, '-selected.xlsx'),
        columns: p.columns,
        keys: p.keys,
        root,
        note: {
          sheet: t('list.sheetNote'),
          exportedAt: t('list.exportedAt'),
          rows: t('list.exportRows', { n: p.keys.length }),
        },
      });
    } catch (e) {
      message.error(String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert
      type="info"
      style={{ marginBottom: 12 }}
      data-testid="bulk-bar"
      role="region"
      aria-label={t('list.bulkActions')}
      message={
        <Flex wrap gap={8} align="center">
          <Typography.Text strong>{t('list.selected', { n: p.keys.length })}</Typography.Text>
          <Button
            size="small"
            icon={<DownloadOutlined />}
            loading={busy}
            onClick={() => void onExport()}
            data-testid="export-selected"
          >
            {t('list.exportSelected')}
          </Button>
          {p.actions}
          <Button size="small" type="text" icon={<CloseOutlined />} onClick={p.onClear}>
            {t('list.clearSelection')}
          </Button>
        </Flex>
      }
    />
  );
}
