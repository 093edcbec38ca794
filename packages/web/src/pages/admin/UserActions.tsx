import type { UserSessionList, UserView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { UserPersonButton } from './UserPerson';

/** Run an administrator's action, say it worked (or why not), and refresh the user lists. */
function useUserAction() {
  const { message } = App.useApp();
  const { lang } = useI18n();
  const queryClient = useQueryClient();
  return async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    }
  };
}

/** A temporary password the user must change at the next sign-in; it also ends a lockout and every session. */
function ResetPassword({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useI18n();
  const act = useUserAction();
  const [password, setPassword] = useState('');
  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.displayName })}
      onCancel={onClose}
      okText={t('users.reset')}
      okButtonProps={{ disabled: !password, ...({ 'data-testid': 'reset-ok' } as Record<`data-${string}`, string>) }}
      onOk={() =>
        act(() => api.post(`/api/users/${user.id}/password`, { password }), t('users.resetDone')).then(onClose)
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('users.password')} extra={t('users.passwordHint')}>
          <Input.Password
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            data-testid="reset-password"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A browser's self-description in words (the raw text stays in the tooltip). */
export function deviceOf(userAgent: string | null): 'users.phoneDevice' | 'users.deskDevice' | 'users.unknownDevice' {
  if (!userAgent) return 'users.unknownDevice';
  return /Mobile|Android|iPhone|iPad/i.test(userAgent) ? 'users.phoneDevice' : 'users.deskDevice';
}

/** Where and since when the user is signed in, each session with a button to sign it out. */
export function SessionsDrawer({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const act = useUserAction();
  const sessions = useQuery({
    queryKey: ['users', 'sessions', user?.id],
    queryFn: () => api.get<UserSessionList>(`/api/users/${user!.id}/sessions`),
    enabled: !!user,
  });
  return (
    <Drawer
      open={!!user}
      onClose={onClose}
      title={user ? t('users.sessionsOf', { name: user.displayName }) : ''}
      width={phone ? '100%' : 520}
      destroyOnHidden
    >
      <List
        loading={sessions.isLoading}
        dataSource={sessions.data?.items ?? []}
        locale={{ emptyText: t('users.noSessions') }}
        renderItem={(s) => (
          <List.Item
            actions={[
              <Button
                key="end"
                danger
                size="small"
                data-testid="end-session"
                onClick={() =>
                  act(() => api.delete(`/api/users/${user!.id}/sessions/${s.id}`), t('users.sessionEnded'))
                }
              >
                {t('users.endSession')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={`${t('users.signedInAt')} ${when(s.createdAt)}`}
              description={
                <Typography.Text type="secondary">
                  {t('users.lastSeen')} {when(s.lastSeenAt)} · {t('users.address')} {s.ip ?? '—'} · {t('users.device')}{' '}
                  <span title={s.userAgent ?? undefined}>{t(deviceOf(s.userAgent))}</span>
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}

/** A row's actions: unlock, sessions, reset the password or the second factor, disable or enable (never oneself). */
export function UserActions({ user, onSessions }: { user: UserView; onSessions: (u: UserView) => void }) {
  const { t } = useI18n();
  const act = useUserAction();
  const me = useSignedIn().user;
  const [resetting, setResetting] = useState(false);
  const self = me.id === user.id;
  return (
    <Space size={4} wrap>
      {user.lockedUntil ? (
        <Button
          size="small"
          data-testid="unlock"
          onClick={() => act(() => api.post(`/api/users/${user.id}/unlock`), t('users.unlocked'))}
        >
          {t('users.unlock')}
        </Button>
      ) : null}
      {user.activeSessions > 0 ? (
        <Button size="small" onClick={() => onSessions(user)} data-testid="sessions">
          {t('users.sessions')}
        </Button>
      ) : null}
      <Button size="small" onClick={() => setResetting(true)} data-testid="reset">
        {t('users.reset')}
      </Button>
      {user.secondFactor ? (
        <Popconfirm
          title={t('users.resetFactor')}
          description={<div style={{ maxWidth: 280 }}>{t('users.resetFactorConfirm')}</div>}
          onConfirm={() => act(() => api.post(`/api/users/${user.id}/second-factor/reset`), t('users.resetFactorDone'))}
        >
          <Button size="small" data-testid="reset-factor">
            {t('users.resetFactor')}
          </Button>
        </Popconfirm>
      ) : null}
      {self ? null : (
        <Popconfirm
          title={user.disabled ? t('users.enable') : t('users.disableConfirm')}
          onConfirm={() =>
            act(
              () => api.patch(`/api/users/${user.id}`, { version: user.version, disabled: !user.disabled }),
              t('users.saved'),
            )
          }
        >
          <Button size="small" danger={!user.disabled}>
            {user.disabled ? t('users.enable') : t('users.disable')}
          </Button>
        </Popconfirm>
      )}
      <UserPersonButton user={user} />
      {resetting ? <ResetPassword user={user} onClose={() => setResetting(false)} /> : null}
    </Space>
  );
}
