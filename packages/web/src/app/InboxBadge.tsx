import { BellOutlined } from '@ant-design/icons';
import type { Inbox, InboxKind } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Dropdown } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { useSignedIn } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { listHref } from './list-links';

export const KIND_KEYS: Record<InboxKind, Parameters<ReturnType<typeof useI18n>['t']>[0]> = {
  deadline_overdue: 'inbox.deadlineOverdue',
  deadline_due: 'inbox.deadlineDue',
  lead_open: 'inbox.leadOpen',
  warning_to_verify: 'inbox.warningToVerify',
  assistance_to_decide: 'inbox.assistanceToDecide',
  change_to_decide: 'inbox.changeToDecide',
  ledger_overdue: 'inbox.ledgerOverdue',
};

/**
 * The header's count of what waits for me (GET /api/inbox, issue 14 §7): overdue deadlines, leads and warnings to
 * verify, applications to decide, overdue ledger items, and my unread reminders and escalations (issue 15 §4);
 * each opens its list, the bell itself the to-do centre. Refreshed every minute.
 */
export function InboxBadge() {
  const { t } = useI18n();
  const { can } = useSignedIn();
  const navigate = useNavigate();
  const inbox = useQuery({
    queryKey: ['inbox'],
    queryFn: () => api.get<Inbox>('/api/inbox'),
    refetchInterval: 60_000,
  });
  const kinds = (inbox.data?.items ?? []).flatMap((i) => {
    const href = listHref(i.link, can);
    return href ? [{ key: i.kind, label: t(KIND_KEYS[i.kind], { n: i.count }), onClick: () => navigate(href) }] : [];
  });
  const unread = inbox.data?.unreadMessages ?? 0;
  const items = [
    ...(unread
      ? [{ key: 'messages', label: t('inbox.unreadMessages', { n: unread }), onClick: () => navigate('/todo') }]
      : []),
    ...kinds,
  ];
  const total = inbox.data?.total ?? 0;
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'todo', label: t('inbox.openTodo'), onClick: () => navigate('/todo') },
          { type: 'divider' as const },
          ...(items.length ? items : [{ key: 'none', label: t('inbox.none'), disabled: true }]),
        ],
      }}
    >
      <Button
        type="text"
        aria-label={t('inbox.title', { n: total })}
        data-testid="inbox"
        onClick={() => navigate('/todo')}
      >
        <Badge count={total} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Dropdown>
  );
}
