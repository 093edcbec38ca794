import type { AccountSecurity, RecoveryCodes, SignInList, TotpEnrolment } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { when } from '../../lib/format';
import { deviceOf } from '../admin/UserActions';
import { CodeInput, EnrolmentView, RecoveryCodesView } from './TotpParts';

const REASONS = new Set(['wrong_password', 'wrong_code', 'locked', 'disabled', 'inactive']);

function useErrorText() {
  const { lang } = useI18n();
  return (e: unknown) => (isApiError(e) ? e.text(lang) : String(e));
}

/** Enrol: start (a new secret), scan, confirm with the first code, then the recovery codes once. */
function EnrolModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const enrolment = useQuery({
    queryKey: ['account', 'enrolment'],
    queryFn: () => api.post<TotpEnrolment>('/api/account/totp'),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const close = () => {
    void queryClient.invalidateQueries({ queryKey: ['account'] });
    onClose();
  };
  return (
    <Modal open title={t('security.enable')} onCancel={close} footer={null} destroyOnHidden width={440}>
      {codes ? (
        <RecoveryCodesView codes={codes} onDone={close} />
      ) : (
        <QueryState query={enrolment}>
          {(e) => (
            <Flex vertical gap={8}>
              <EnrolmentView enrolment={e} />
              {error ? <Alert type="error" showIcon role="alert" message={error} /> : null}
              <CodeInput value={code} onChange={setCode} label={t('totp.codeLabel')} />
              <Button
                type="primary"
                disabled={!code.trim()}
                data-testid="totp-confirm"
                onClick={async () => {
                  try {
                    const r = await api.post<RecoveryCodes>('/api/account/totp/confirm', { code });
                    message.success(t('security.enabled'));
                    setCodes(r.codes);
                  } catch (err) {
                    setError(errorText(err));
                  }
                }}
              >
                {t('totp.confirm')}
              </Button>
            </Flex>
          )}
        </QueryState>
      )}
    </Modal>
  );
}

/** Ask for one value (a code or the password), run the action; shows the server's refusal in place. */
function AskModal({
  title,
  hint,
  password,
  onSubmit,
  onClose,
}: {
  title: string;
  hint: string;
  password?: boolean;
  onSubmit: (value: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      cancelText={t('security.cancel')}
      okButtonProps={{ disabled: !value }}
      onOk={async () => {
        try {
          await onSubmit(value);
        } catch (e) {
          setError(errorText(e));
        }
      }}
      destroyOnHidden
    >
      <Flex vertical gap={8}>
        <Typography.Text>{hint}</Typography.Text>
        {error ? <Alert type="error" showIcon role="alert" message={error} /> : null}
        {password ? (
          <Input.Password
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-label={t('security.password')}
            autoComplete="current-password"
          />
        ) : (
          <CodeInput value={value} onChange={setValue} label={t('totp.codeLabel')} />
        )}
      </Flex>
    </Modal>
  );
}

/** A required factor cannot be turned off; an optional one, while off, says what turning it on does. */
function FactorHint({ required, on }: { required: boolean; on: boolean }) {
  const { t } = useI18n();
  if (!required && on) return null;
  return <Typography.Text type="secondary">{t(required ? 'security.required' : 'security.optional')}</Typography.Text>;
}

function SecondFactorCard({ security }: { security: AccountSecurity }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<'enrol' | 'renew' | 'disable' | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const f = security.secondFactor;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['account'] });
  return (
    <Card title={t('security.factor')} size="small">
      <Flex vertical gap={8}>
        <Space wrap>
          {f.kind ? (
            <Tag color="green" data-testid="factor-on">
              {t('security.on')}
            </Tag>
          ) : (
            <Tag data-testid="factor-off">{t('security.off')}</Tag>
          )}
          {f.confirmedAt ? (
            <Typography.Text type="secondary">
              {t('security.since')} {when(f.confirmedAt)}
            </Typography.Text>
          ) : null}
        </Space>
        <FactorHint required={f.required} on={!!f.kind} />
        {f.kind ? <Typography.Text>{t('security.codesLeft', { n: f.recoveryCodesLeft })}</Typography.Text> : null}
        {codes ? <RecoveryCodesView codes={codes} onDone={() => setCodes(null)} /> : null}
        <Space wrap>
          {f.kind ? (
            <>
              <Button onClick={() => setOpen('renew')} data-testid="renew-codes">
                {t('security.renew')}
              </Button>
              {f.required ? null : (
                <Button danger onClick={() => setOpen('disable')} data-testid="disable-factor">
                  {t('security.disable')}
                </Button>
              )}
            </>
          ) : (
            <Button type="primary" onClick={() => setOpen('enrol')} data-testid="enable-factor">
              {t('security.enable')}
            </Button>
          )}
        </Space>
      </Flex>
      {open === 'enrol' ? <EnrolModal onClose={() => setOpen(null)} /> : null}
      {open === 'renew' ? (
        <AskModal
          title={t('security.renew')}
          hint={t('security.renewHint')}
          onClose={() => setOpen(null)}
          onSubmit={async (code) => {
            const r = await api.post<RecoveryCodes>('/api/account/totp/recovery-codes', { code });
            setCodes(r.codes);
            setOpen(null);
            await refresh();
          }}
        />
      ) : null}
      {open === 'disable' ? (
        <AskModal
          title={t('security.disable')}
          hint={t('security.disableHint')}
          password
          onClose={() => setOpen(null)}
          onSubmit={async (password) => {
            await api.post('/api/account/totp/disable', { password });
            message.success(t('security.disabled'));
            setOpen(null);
            await refresh();
          }}
        />
      ) : null}
    </Card>
  );
}

function PasswordCard({ security }: { security: AccountSecurity }) {
  const { t } = useI18n();
  return (
    <Card title={t('security.password')} size="small" extra={<Link to="/password">{t('nav.changePassword')}</Link>}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'c', label: t('security.passwordChanged'), children: when(security.passwordChangedAt) },
          {
            key: 'e',
            label: t('security.passwordExpires'),
            children: security.passwordExpiresAt ? when(security.passwordExpiresAt) : t('security.passwordNever'),
          },
        ]}
      />
      {security.maxSessions > 0 ? (
        <Typography.Text type="secondary">{t('security.sessionsLimit', { n: security.maxSessions })}</Typography.Text>
      ) : null}
    </Card>
  );
}

function SignInsCard() {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: ['account', 'sign-ins'],
    queryFn: () => api.get<SignInList>('/api/account/sign-ins'),
  });
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('security.signIns')}</h2>} size="small">
      <List
        data-testid="sign-ins"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('security.signInsEmpty') }}
        renderItem={(s) => (
          <List.Item>
            <Flex vertical gap={2} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{when(s.at)}</Typography.Text>
                {s.ok ? (
                  <Tag color="green">{t('security.ok')}</Tag>
                ) : (
                  <Tag color="red">
                    {t('security.failed')}
                    {s.reason && REASONS.has(s.reason) ? `:${t(`security.reason.${s.reason}` as MessageKey)}` : ''}
                  </Tag>
                )}
              </Space>
              <Typography.Text type="secondary">
                {t('security.address')} {s.ip ?? '—'} · {t('security.device')}{' '}
                <span title={s.userAgent ?? undefined}>{t(deviceOf(s.userAgent))}</span>
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 账户安全: one's own second factor, password age and recent sign-ins (issue 21 §2, §5). */
export function AccountPage() {
  const { t } = useI18n();
  const security = useQuery({
    queryKey: ['account', 'security'],
    queryFn: () => api.get<AccountSecurity>('/api/account/security'),
  });
  return (
    <>
      <PageHeader title={t('security.title')} sub={t('security.sub')} />
      <QueryState query={security}>
        {(s) => (
          <Flex vertical gap={16} style={{ maxWidth: 720 }}>
            <SecondFactorCard security={s} />
            <PasswordCard security={s} />
            <SignInsCard />
          </Flex>
        )}
      </QueryState>
    </>
  );
}
