import { MeasureStatus } from '@dixian/core';
import { App as AntApp, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { when } from '../../lib/format';
import { FIELD_LABELS, showValue } from './correction-values';
import { issueText } from './form-kit';
import { deleteItem, saveItem } from './store/records';
import type { Correctable, CorrectionItem, MeasureItem, QueueItem, QueueState } from './store/queue-types';
import { syncNow } from './store/sync';
import { useQueue } from './use-field';

const STATE_COLOURS: Record<QueueState, string> = {
  waiting: 'processing',
  sent: 'success',
  failed: 'error',
  conflict: 'warning',
  discarded: 'default',
};

/** The outbox: every record in the order it was made, with its state, the server's reason and the conflicts. */
export function QueuePage() {
  const { t } = useI18n();
  const queue = useQueue();
  if (queue === null) return null;
  if (queue.length === 0) return <Empty description={t('field.queueEmpty')} />;
  return (
    <>
      {queue.map((item) => (
        <QueueCard key={item.id} item={item} />
      ))}
    </>
  );
}

function QueueCard({ item }: { item: QueueItem }) {
  const i18n = useI18n();
  const { t, localize } = i18n;
  const { modal } = AntApp.useApp();
  const retry = async () => {
    await saveItem({ ...item, state: 'waiting', error: null, issues: [] });
    void syncNow();
  };
  const remove = () =>
    modal.confirm({
      title: t('field.delete'),
      content: t('field.deleteConfirm'),
      okButtonProps: { danger: true },
      onOk: () => deleteItem(item),
    });
  return (
    <Card
      size="small"
      data-testid="queue-item"
      title={
        <span>
          {t(`field.kind.${item.kind}` as MessageKey)} · {item.householdLabel}
        </span>
      }
      extra={<Tag color={STATE_COLOURS[item.state]}>{t(`field.state.${item.state}` as MessageKey)}</Tag>}
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('field.savedAt', { at: when(item.createdAt) })}
        {item.sentAt ? ` · ${t('field.sentAt', { at: when(item.sentAt) })}` : ''}
      </Typography.Text>
      <Summary item={item} />
      {item.state === 'failed' && item.error && (
        <Typography.Paragraph type="danger" style={{ whiteSpace: 'pre-line', margin: '6px 0' }}>
          {[localize(item.error), ...(item.issues ?? []).map((i) => issueText(i18n, i))].join('\n')}
        </Typography.Paragraph>
      )}
      {(item.kind === 'correction' || item.kind === 'measure') && item.state === 'conflict' && <Conflict item={item} />}
      {item.state === 'failed' && (
        <Space>
          <Button onClick={() => void retry()}>{t('field.retry')}</Button>
          <Button danger onClick={remove}>
            {t('field.delete')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

function Summary({ item }: { item: QueueItem }) {
  const { t } = useI18n();
  if (item.kind === 'visit') {
    return (
      <div style={{ fontSize: 12 }}>
        {item.body.visitedOn}
        {item.photoIds.length > 0 && ` · ${t('field.photosCount', { n: item.photoIds.length })}`}
        {item.body.location && ` · ${t('field.located')}`}
        {item.photoIds.length === 0 && !item.body.location && (
          <Tag color="warning" style={{ marginLeft: 6 }}>
            {t('field.noEvidence')}
          </Tag>
        )}
      </div>
    );
  }
  if (item.kind === 'measure') return <div style={{ fontSize: 12 }}>{item.measureLabel}</div>;
  if (item.kind === 'lead') return <div style={{ fontSize: 12 }}>{item.body.description ?? ''}</div>;
  if (item.kind === 'delivery') return <div style={{ fontSize: 12 }}>{item.body.deliveredOn}</div>;
  return (
    <div style={{ fontSize: 12 }}>
      {Object.keys(item.changes)
        .map((f) => t(FIELD_LABELS[f as Correctable]))
        .join('、')}
    </div>
  );
}

interface ConflictRow {
  label: string;
  base: string;
  mine: string;
  server: string;
}

/** The rows of a conflict: each changed field's value as read, as edited, and on the server now. */
function useConflictRows(item: CorrectionItem | MeasureItem): ConflictRow[] {
  const i18n = useI18n();
  const { t, enumLabel } = i18n;
  if (item.kind === 'measure') {
    return [
      {
        label: `${item.measureLabel} · ${t('field.measure.status')}`,
        base: enumLabel(MeasureStatus, item.baseStatus),
        mine: enumLabel(MeasureStatus, item.body.status),
        server: item.server ? enumLabel(MeasureStatus, item.server.status) : t('field.empty'),
      },
    ];
  }
  return (Object.keys(item.changes) as Correctable[]).map((f) => ({
    label: t(FIELD_LABELS[f]),
    base: showValue(i18n, f, item.base[f]),
    mine: showValue(i18n, f, item.changes[f]),
    server: showValue(i18n, f, item.server?.values[f]),
  }));
}

/** Both versions side by side; the cadre decides, nothing is dropped without a choice. */
function Conflict({ item }: { item: CorrectionItem | MeasureItem }) {
  const { t } = useI18n();
  const rows = useConflictRows(item);
  const keepMine = async () => {
    // sent again over the server's version, under a new key (a different request from the refused one)
    await saveItem({ ...item, state: 'waiting', requestKey: crypto.randomUUID(), error: null });
    void syncNow();
  };
  const takeServer = () => saveItem({ ...item, state: 'discarded' });
  return (
    <div style={{ marginTop: 6 }}>
      <Typography.Paragraph strong>{t('field.conflict.title')}</Typography.Paragraph>
      <table className="field-conflict" style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th scope="col">{t('field.conflict.field')}</th>
            <th scope="col">{t('field.conflict.base')}</th>
            <th scope="col">{t('field.conflict.mine')}</th>
            <th scope="col">{t('field.conflict.server')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.base}</td>
              <td>{r.mine}</td>
              <td>{r.server}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
        <Button type="primary" block onClick={() => void keepMine()}>
          {t('field.conflict.keepMine')}
        </Button>
        <Button block onClick={() => void takeServer()}>
          {t('field.conflict.takeServer')}
        </Button>
      </Space>
    </div>
  );
}
