import { DeadlineKind, SevenStep } from '@dixian/core';
import type { DeadlineItem, DeadlinePage, Inbox, MessagePage, MessageView, RhythmMonthView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Col, Empty, Flex, List, Row, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { KIND_KEYS } from '../app/InboxBadge';
import { listHref } from '../app/list-links';
import { useSignedIn } from '../auth/session';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { useI18n, type I18n } from '../i18n/i18n';
import { when } from '../lib/format';

const STAGE_COLOR: Record<MessageView['kind'], string> = {
  remind: 'blue',
  overdue: 'orange',
  escalate_township: 'red',
  escalate_county: 'magenta',
};

const PAGE_SIZE = 10;

/** An item kind as a label: a deadline kind's, or the monthly task's; never the raw code. */
function itemLabel(kind: string, i18n: I18n): string {
  if (kind === 'rhythm') return i18n.t('todo.kindRhythm');
  return (DeadlineKind.labels as Record<string, { zh: string; en: string } | undefined>)[kind]?.[i18n.lang] ?? '—';
}

/**
 * 待办中心 (issue 15 §4): what waits for me (the header's inbox, each with its list), deadlines due within a few
 * days and overdue in my area, and the reminders and escalations the daily job sent me, to open and mark read.
 */
export function TodoPage() {
  const { t } = useI18n();
  const { can, user } = useSignedIn();
  // the seven steps are owed by villages and townships (SEVEN_STEP_LEVEL), not by the county
  const owesSteps = can('rhythm.complete') && (user.role === 'township_officer' || user.role === 'village_cadre');
  return (
    <>
      <PageHeader title={t('todo.title')} sub={t('todo.sub')} />
      <Flex vertical gap={16}>
        <WaitingCard />
        {owesSteps ? <MyStepsCard /> : null}
        {can('case.read') ? <DeadlineCards /> : null}
        <MessagesCard />
      </Flex>
    </>
  );
}

function WaitingCard() {
  const { t } = useI18n();
  const { can } = useSignedIn();
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: () => api.get<Inbox>('/api/inbox') });
  return (
    <Card size="small" title={t('todo.waiting')}>
      <QueryState query={inbox} rows={2}>
        {(data) =>
          data.items.length ? (
            <Flex wrap gap={8}>
              {data.items.map((i) => {
                const href = listHref(i.link, can);
                const label = t(KIND_KEYS[i.kind], { n: i.count });
                return href ? (
                  <Link key={i.kind} to={href}>
                    <Tag color={i.kind === 'deadline_due' ? 'blue' : 'red'} style={{ padding: '4px 8px' }}>
                      {label}
                    </Tag>
                  </Link>
                ) : (
                  <Tag key={i.kind}>{label}</Tag>
                );
              })}
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('todo.nothingWaiting')}</Typography.Text>
          )
        }
      </QueryState>
    </Card>
  );
}

/** This month's seven steps (S0 plan two 五) owed by my own village or township and not done yet. */
function MyStepsCard() {
  const { t, enumLabel } = useI18n();
  const { user } = useSignedIn();
  const query = useQuery({
    queryKey: ['rhythm', 'tasks', 'mine'],
    queryFn: () => api.get<RhythmMonthView>('/api/rhythm/tasks'),
  });
  return (
    <Card
      size="small"
      title={t('todo.mySteps')}
      data-testid="todo-steps"
      extra={<Link to="/rhythm">{t('todo.allSteps')}</Link>}
    >
      <QueryState query={query} rows={2}>
        {(data) => {
          const mine = data.tasks.filter((task) => task.regionCode === user.scopeCode && task.status !== 'done');
          return mine.length ? (
            <Flex wrap gap={8}>
              {mine.map((task) => (
                <Tag key={task.id} color={task.status === 'late' ? 'red' : 'blue'} style={{ padding: '4px 8px' }}>
                  {enumLabel(SevenStep, task.step)} · {t('todo.dueOn', { date: task.dueDate })}
                  {task.status === 'late' ? ` · ${t('todo.late')}` : ''}
                </Tag>
              ))}
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('todo.noSteps')}</Typography.Text>
          );
        }}
      </QueryState>
    </Card>
  );
}

function DeadlineCards() {
  const { t } = useI18n();
  const [days, setDays] = useState(7);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <DeadlineCard
          status="due"
          withinDays={days}
          title={t('todo.dueWithin', { n: days })}
          empty={t('todo.noneDue')}
          extra={
            <Segmented
              size="small"
              value={days}
              onChange={(v) => setDays(Number(v))}
              options={[3, 7, 15].map((n) => ({ value: n, label: t('todo.withinDays', { n }) }))}
            />
          }
        />
      </Col>
      <Col xs={24} lg={12}>
        <DeadlineCard status="overdue" withinDays={days} title={t('todo.overdue')} empty={t('todo.noneOverdue')} />
      </Col>
    </Row>
  );
}

function DeadlineCard(props: {
  status: 'due' | 'overdue';
  withinDays: number;
  title: string;
  empty: string;
  extra?: React.ReactNode;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const query = useQuery({
    queryKey: ['todo', 'deadlines', props.status, props.withinDays],
    queryFn: () =>
      api.get<DeadlinePage>('/api/deadlines', {
        status: props.status,
        withinDays: String(props.withinDays),
        pageSize: String(PAGE_SIZE),
      }),
  });
  const all = `/deadlines?status=${props.status}${props.status === 'due' ? `&withinDays=${props.withinDays}` : ''}`;
  return (
    <Card
      size="small"
      title={props.title}
      extra={props.extra}
      data-testid={`todo-${props.status}`}
      actions={
        query.data && query.data.total > 0
          ? [
              <Link key="all" to={all}>
                {t('todo.seeAll', { n: query.data.total })}
              </Link>,
            ]
          : undefined
      }
    >
      <QueryState query={query} rows={3}>
        {(data) => (
          <Table<DeadlineItem>
            size="small"
            pagination={false}
            rowKey={(r) => `${r.kind}-${r.refId}`}
            dataSource={data.items}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} /> }}
            scroll={{ x: true }}
            columns={[
              {
                key: 'kind',
                title: t('todo.kind'),
                render: (_, d) => itemLabel(d.kind, i18n),
              },
              {
                key: 'household',
                title: t('todo.household'),
                render: (_, d) =>
                  d.householdId ? <Link to={`/households/${d.householdId}`}>{d.householdNo ?? '—'}</Link> : '—',
              },
              { key: 'village', title: t('todo.village'), render: (_, d) => d.regionName ?? '—' },
              {
                key: 'days',
                title: t('todo.days'),
                render: (_, d) =>
                  d.overdue ? (
                    <Tag color="red">
                      {d.daysLeft === null
                        ? t('deadlines.neverVisited')
                        : t('household.overdueBy', { n: -(d.daysLeft ?? 0) })}
                    </Tag>
                  ) : d.daysLeft === 0 ? (
                    <Tag color="orange">{t('household.dueToday')}</Tag>
                  ) : (
                    <Tag color="blue">{t('household.daysLeft', { n: d.daysLeft ?? 0 })}</Tag>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

function MessagesCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [unread, setUnread] = useState(true);
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['messages', unread, page],
    queryFn: () =>
      api.get<MessagePage>('/api/messages', {
        ...(unread ? { unread: 'true' } : {}),
        page: String(page),
        pageSize: String(PAGE_SIZE),
      }),
  });
  const refresh = async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['messages'] }),
      client.invalidateQueries({ queryKey: ['inbox'] }),
    ]);
  };
  const markRead = async (id: string) => {
    await api.post(`/api/messages/${id}/read`);
    message.success(t('todo.markedRead'));
    await refresh();
  };
  const readAll = async () => {
    const r = await api.post<{ read: number }>('/api/messages/read-all');
    message.success(t('todo.readAllDone', { n: r.read }));
    await refresh();
  };
  return (
    <Card
      size="small"
      data-testid="todo-messages"
      title={
        <Flex gap={8} align="center">
          {t('todo.messages')}
          {query.data ? <Badge count={query.data.unread} overflowCount={999} /> : null}
        </Flex>
      }
      extra={
        <Flex gap={8} wrap>
          <Segmented
            size="small"
            value={unread ? 'unread' : 'all'}
            onChange={(v) => {
              setUnread(v === 'unread');
              setPage(1);
            }}
            options={[
              { value: 'unread', label: t('todo.unreadOnly') },
              { value: 'all', label: t('todo.all') },
            ]}
          />
          <Button size="small" onClick={() => void readAll()} disabled={!query.data?.unread}>
            {t('todo.readAll')}
          </Button>
        </Flex>
      }
    >
      <QueryState query={query} rows={4}>
        {(data) => (
          <List<MessageView>
            dataSource={data.items}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('todo.noMessages')} /> }}
            pagination={
              data.total > PAGE_SIZE
                ? { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, size: 'small' }
                : false
            }
            renderItem={(m) => <MessageItem m={m} onRead={markRead} />}
          />
        )}
      </QueryState>
    </Card>
  );
}

function MessageItem({ m, onRead }: { m: MessageView; onRead: (id: string) => Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSignedIn();
  const href = listHref(m.link, can);
  return (
    <List.Item
      data-testid="todo-message"
      actions={[
        href ? (
          <Link key="open" to={href}>
            {t('todo.open')}
          </Link>
        ) : null,
        m.readAt ? (
          <Typography.Text key="read" type="secondary">
            {t('todo.read')}
          </Typography.Text>
        ) : (
          <Button key="read" size="small" type="link" onClick={() => void onRead(m.id)}>
            {t('todo.markRead')}
          </Button>
        ),
      ].filter(Boolean)}
    >
      <List.Item.Meta
        title={
          <Flex gap={8} wrap align="center">
            <Tag color={STAGE_COLOR[m.kind]}>{t(`todo.stage.${m.kind}`)}</Tag>
            <Typography.Text strong={!m.readAt}>{itemLabel(m.itemKind, i18n)}</Typography.Text>
            <Typography.Text type="secondary">{m.regionName ?? ''}</Typography.Text>
            <Typography.Text>{t('todo.dueOn', { date: m.dueOn })}</Typography.Text>
          </Flex>
        }
        description={
          <Flex vertical>
            <span>{m.body}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('todo.sentAt', { time: when(m.createdAt) })}
            </Typography.Text>
          </Flex>
        }
      />
    </List.Item>
  );
}
