import { App as AntApp, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { when } from '../../lib/format';
import { FIELD_LABELS, showValue } from './correction-values';
import { deleteItem, saveItem } from './store/records';
import type { Correctable, CorrectionItem, QueueItem, QueueState } from './store/queue-types';
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
  const { t, localize } = useI18n();
  const { modal } = AntApp.useApp();
  const retry = async () => {
    await saveItem({ ...item, state: 'waiting', error: null });
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
          {item.error.split('\n').map(localize).join('\n')}
        </Typography.Paragraph>
      )}
      {item.kind === 'correction' && item.state === 'conflict' && <Conflict item={item} />}
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

/** Both versions side by side; the cadre decides, nothing is dropped without a choice. */
function Conflict({ item }: { item: CorrectionItem }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fields = Object.keys(item.changes) as Correctable[];
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
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row">{t(FIELD_LABELS[f])}</th>
              <td>{showValue(i18n, f, item.base[f])}</td>
              <td>{showValue(i18n, f, item.changes[f])}</td>
              <td>{showValue(i18n, f, item.server?.values[f])}</td>
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
