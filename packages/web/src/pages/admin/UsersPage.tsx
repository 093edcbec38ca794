import { Role } from '@dixian/core';
import { UserListQuery, type UserPage, type UserView } from '@dixian/core/api';
import { Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ListPage, useList } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { useRegionNames } from '../../features/regions/region-names';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { SessionsDrawer, UserActions } from './UserActions';
import { NewUser } from './UserForm';

/** Disabled, locked, waiting for a password change, signed in: what an administrator looks for first. */
function UserStatus({ user }: { user: UserView }) {
  const { t } = useI18n();
  const tags = [
    user.disabled ? <Tag key="d">{t('users.disabled')}</Tag> : null,
    user.demo ? (
      <Tag key="demo" color="purple" data-testid="demo-account">
        {t('users.demo')}
      </Tag>
    ) : null,
    user.lockedUntil ? (
      <Tag key="l" color="red" data-testid="locked">
        {t('users.locked', { until: when(user.lockedUntil) })}
      </Tag>
    ) : null,
    user.mustChangePassword ? (
      <Tag key="m" color="orange">
        {t('users.mustChange')}
      </Tag>
    ) : null,
    user.secondFactor ? (
      <Tag key="f" color="blue" data-testid="second-factor-on">
        {t('users.secondFactor')}
      </Tag>
    ) : null,
    user.activeSessions > 0 ? (
      <Tag key="o" color="green">
        {t('users.online', { n: user.activeSessions })}
      </Tag>
    ) : null,
  ].filter(Boolean);
  return (
    <Space size={2} wrap>
      {tags.length ? tags : <Tag>{t('users.active')}</Tag>}
    </Space>
  );
}

function useUserColumns(onSessions: (u: UserView) => void): Column<UserView>[] {
  const { t, L } = useI18n();
  const regionName = useRegionNames();
  return [
    {
      key: 'user',
      title: t('users.user'),
      card: 'title',
      render: (u) => (
        <span>
          {u.displayName} <Typography.Text type="secondary">{u.username}</Typography.Text>
        </span>
      ),
    },
    { key: 'role', title: t('users.role'), render: (u) => L(Role.labels[u.role]) },
    { key: 'scope', title: t('users.scope'), render: (u) => regionName(u.scopeCode) },
    { key: 'status', title: t('users.status'), card: 'extra', render: (u) => <UserStatus user={u} /> },
    { key: 'lastLogin', title: t('users.lastLogin'), render: (u) => when(u.lastLoginAt) },
    {
      key: 'actions',
      title: t('users.actions'),
      fixed: 'right',
      render: (u) => <UserActions user={u} onSessions={onSessions} />,
    },
  ];
}

/**
 * User administration for the county administrator (issue 14 §6): the accounts of the area with their state, a new
 * account, and per account unlock, sessions, a temporary password, disable or enable. Every action is audited; the
 * audit log itself is the inspector's (三员分立).
 */
export function UsersPage() {
  const { t } = useI18n();
  const state = useList<typeof UserListQuery, UserPage>(UserListQuery, '/api/users', ['users', 'list']);
  const [creating, setCreating] = useState(false);
  const [sessionsOf, setSessionsOf] = useState<UserView | null>(null);
  return (
    <>
      <ListPage
        title={t('users.title')}
        sub={t('users.sub')}
        state={state}
        schema={UserListQuery}
        columns={useUserColumns(setSessionsOf)}
        rowKey={(u) => u.id}
        filters={{
          fields: ['role'],
          labels: { role: t('users.role') },
          search: { placeholder: t('users.search'), testId: 'users-search' },
        }}
        actions={
          <Button type="primary" onClick={() => setCreating(true)} data-testid="new-user">
            {t('users.new')}
          </Button>
        }
        exportName="users.xlsx"
        empty={t('users.empty')}
      />
      <NewUser open={creating} onClose={() => setCreating(false)} />
      <SessionsDrawer user={sessionsOf} onClose={() => setSessionsOf(null)} />
    </>
  );
}
