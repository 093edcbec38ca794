import { CloudSyncOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Badge, Button, Result, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { FieldHome } from './FieldHome';
import { FieldHousehold } from './FieldHousehold';
import { CorrectionForm } from './CorrectionForm';
import { LeadForm } from './LeadForm';
import { DeliveryForm, MeasureForm } from './MeasureDelivery';
import { QueuePage } from './QueuePage';
import { VisitForm } from './VisitForm';
import { claim } from './store/db';
import { syncNow } from './store/sync';
import { unsent, useOnline, useQueue, useSyncStatus } from './use-field';
import './field.css';

/** How often the open app syncs by itself while online. */
const SYNC_EVERY_MS = 2 * 60_000;

/**
 * The village cadre's field app (issue 18), at /field: a phone layout of its own, working from the phone's store
 * (store/) so it opens and records without a network. Only users who visit households get it.
 */
export default function FieldApp() {
  const { session, offline, can } = useSession();
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  const online = useOnline();

  useEffect(() => {
    if (!session || !can('visit.create')) return;
    let live = true;
    // online, the store is made the user's (another user's data is deleted); offline it already is
    void (offline ? Promise.resolve() : claim(session)).then(() => {
      if (!live) return;
      setReady(true);
      if (navigator.onLine) void syncNow();
    });
    return () => {
      live = false;
    };
  }, [session, offline, can]);

  useEffect(() => {
    if (!ready) return;
    const onOnline = () => void syncNow();
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(() => navigator.onLine && void syncNow(), SYNC_EVERY_MS);
    return () => {
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
  }, [ready]);

  if (!can('visit.create')) return <Result status="403" title={t('field.notAllowed')} />;
  if (!ready) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
  return (
    <div className="field-app">
      <FieldHeader />
      {!online && <Alert type="warning" banner message={t('field.offlineBanner')} />}
      <main className="field-main">
        <Routes>
          <Route index element={<FieldHome />} />
          <Route path="queue" element={<QueuePage />} />
          <Route path="households/:id" element={<FieldHousehold />} />
          <Route path="households/:id/visit" element={<VisitForm />} />
          <Route path="households/:id/lead" element={<LeadForm />} />
          <Route path="households/:id/correct" element={<CorrectionForm />} />
          <Route path="households/:id/measures/:measureId" element={<MeasureForm />} />
          <Route path="households/:id/delivery" element={<DeliveryForm />} />
        </Routes>
      </main>
    </div>
  );
}

function FieldHeader() {
  const { t } = useI18n();
  const { logout } = useSession();
  const { modal } = AntApp.useApp();
  const navigate = useNavigate();
  const status = useSyncStatus();
  const queue = useQueue();
  const online = useOnline();
  const pending = unsent(queue);

  const signOut = () => {
    const go = () => void logout().then(() => navigate('/login'));
    if (pending === 0) return go();
    modal.confirm({
      title: t('field.signOut'),
      content: t('field.signOutPending', { n: pending }),
      okButtonProps: { danger: true },
      onOk: go,
    });
  };

  return (
    <header className="field-header">
      <Link to="/field" className="field-brand">
        {t('field.title')}
      </Link>
      <Space size={4} wrap>
        <span className="field-net">{online ? t('field.online') : t('field.offline')}</span>
        <Link to="/field/queue" aria-label={`${t('field.outbox')} ${pending}`}>
          <Badge count={pending} size="small" offset={[4, -2]}>
            <span className="field-outbox">{t('field.outbox')}</span>
          </Badge>
        </Link>
        <Button
          size="small"
          icon={<CloudSyncOutlined spin={status.running} />}
          disabled={!online || status.running}
          onClick={() => void syncNow()}
        >
          {status.running ? t('field.syncing') : t('field.sync')}
        </Button>
        <Button size="small" type="text" icon={<LogoutOutlined />} onClick={signOut} aria-label={t('field.signOut')} />
      </Space>
      <SyncLine />
    </header>
  );
}

function SyncLine() {
  const { t, localize } = useI18n();
  const status = useSyncStatus();
  const p = status.progress;
  let text: string | null = null;
  if (status.running && p) {
    text = t(status.phase === 'uploading' ? 'field.uploading' : 'field.downloading', p);
  } else if (status.lastSyncAt) {
    text = t('field.lastSync', { at: when(status.lastSyncAt) });
  }
  return (
    <div className="field-syncline" role="status">
      {text}
      {status.signedOut && <Alert type="error" showIcon message={t('field.signedOutBanner')} />}
      {!status.signedOut && status.lastError && !status.running && (
        <Typography.Text type="danger"> {localize(status.lastError)}</Typography.Text>
      )}
    </div>
  );
}
