import { RhythmTaskStatus, SevenStep } from '@dixian/core';
import type { RhythmMonthView, RhythmProgressRow, RhythmTaskView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Progress, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, isApiError } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import './rhythm.css';

const STATUS_COLOR: Record<RhythmTaskStatus, string> = { open: 'blue', done: 'green', late: 'red' };

/**
 * 每月七步 (S0 plan two 五): the month's steps 排访评录测补销 in the caller's area with their due days, progress
 * by village (for a township) or by township (for the county), late steps in red, and a button for whoever owes
 * a step to mark it done.
 */
export function RhythmPage() {
  const { t } = useI18n();
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const query = useQuery({
    queryKey: ['rhythm', 'tasks', month],
    queryFn: () => api.get<RhythmMonthView>('/api/rhythm/tasks', { month }),
  });
  return (
    <>
      <PageHeader
        title={t('rhythm.title')}
        sub={t('rhythm.sub')}
        extra={
          <DatePicker
            picker="month"
            allowClear={false}
            inputReadOnly
            aria-label={t('work.month')}
            value={dayjs(month, 'YYYY-MM')}
            onChange={(m) => m && setMonth(m.format('YYYY-MM'))}
          />
        }
      />
      <QueryState query={query}>
        {(data) => (
          <Flex vertical gap={16}>
            <ProgressCard rows={data.progress} />
            <TaskTable tasks={data.tasks} />
          </Flex>
        )}
      </QueryState>
    </>
  );
}

function ProgressCard({ rows }: { rows: RhythmProgressRow[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('rhythm.progress')}>
      <Table<RhythmProgressRow>
        size="small"
        rowKey="regionCode"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('rhythm.noTasks') }}
        columns={[
          { title: t('rhythm.region'), dataIndex: 'regionName', render: (v: string | null) => v ?? '—' },
          {
            title: t('rhythm.done'),
            render: (_, r) => (
              <Progress
                percent={r.total ? Math.round((r.done / r.total) * 100) : 0}
                size="small"
                style={{ width: 140 }}
                aria-label={`${r.regionName ?? ''} ${t('rhythm.done')}`}
              />
            ),
          },
          { title: t('rhythm.doneOfTotal'), render: (_, r) => `${r.done} / ${r.total}` },
          {
            title: t('rhythm.late'),
            dataIndex: 'late',
            render: (n: number) =>
              n > 0 ? <Tag color="red">{n}</Tag> : <Typography.Text type="secondary">0</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}

function TaskTable({ tasks }: { tasks: RhythmTaskView[] }) {
  const { t, enumLabel } = useI18n();
  const canComplete = useSignedIn().can('rhythm.complete');
  return (
    <Card size="small" title={t('rhythm.tasks')}>
      <Table<RhythmTaskView>
        size="small"
        rowKey="id"
        dataSource={tasks}
        pagination={{ pageSize: 100, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('rhythm.noTasks') }}
        rowClassName={(r) => (r.status === 'late' ? 'rhythm-late' : '')}
        onRow={(r) => ({ 'data-testid': 'rhythm-task', 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('rhythm.step'), dataIndex: 'step', render: (s: SevenStep) => enumLabel(SevenStep, s) },
          { title: t('rhythm.region'), dataIndex: 'regionName', render: (v: string | null) => v ?? '—' },
          { title: t('rhythm.dueDate'), dataIndex: 'dueDate' },
          {
            title: t('rhythm.status'),
            dataIndex: 'status',
            render: (s: RhythmTaskStatus, r) => (
              <Tag color={STATUS_COLOR[s]}>
                {enumLabel(RhythmTaskStatus, s)}
                {r.doneLate ? ` · ${t('rhythm.doneLate')}` : ''}
              </Tag>
            ),
          },
          {
            title: t('rhythm.doneBy'),
            render: (_, r) => (r.doneOn ? `${r.doneByName ?? ''} ${r.doneOn}` : '—'),
          },
          {
            title: '',
            render: (_, r) => (canComplete && r.status !== 'done' ? <CompleteButton task={r} /> : null),
          },
        ]}
      />
    </Card>
  );
}

function CompleteButton({ task }: { task: RhythmTaskView }) {
  const { t, localize } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const complete = async () => {
    setBusy(true);
    try {
      await api.post(`/api/rhythm/tasks/${task.id}/complete`, {});
      message.success(t('rhythm.marked'));
    } catch (e) {
      message.error(isApiError(e) ? localize(e.serverMessage) : String(e));
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['rhythm'] });
    }
  };
  return (
    <Button size="small" type="primary" loading={busy} onClick={complete} data-testid="rhythm-complete">
      {t('rhythm.markDone')}
    </Button>
  );
}
