import { PlusOutlined } from '@ant-design/icons';
import { Department, MEASURE_STATUS_NEXT, MeasureCategory, MeasureStatus, MeasureType } from '@dixian/core';
import type { MeasureView, PlanView } from '@dixian/core/api';
import { App, Button, Card, Drawer, Empty, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../api/client';
import { usePlan, useRefreshAfterWrite } from '../../api/monitoring';
import { useSignedIn } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n, type I18n } from '../../i18n/i18n';
import { money } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { MeasureForm } from './PlanForm';

const STATUS_COLORS: Record<MeasureStatus, string> = {
  planned: 'default',
  implementing: 'processing',
  done: 'success',
  stopped: 'error',
};

/** Buttons moving a measure on (planned → implementing → done, or stopped), and deleting one not started. */
function MeasureActions({ plan, m }: { plan: PlanView; m: MeasureView }) {
  const { t, enumLabel, lang } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      await refresh();
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap size={4}>
      {MEASURE_STATUS_NEXT[m.status].map((next) => (
        <Button
          key={next}
          size="small"
          loading={busy}
          danger={next === 'stopped'}
          onClick={() =>
            run(() => api.post(`/api/plans/${plan.id}/measures/${m.id}/status`, { status: next, version: m.version }))
          }
        >
          {enumLabel(MeasureStatus, next)}
        </Button>
      ))}
      {m.status === 'planned' ? (
        <Popconfirm
          title={t('plan.deleteMeasure')}
          onConfirm={() => run(() => api.delete(`/api/plans/${plan.id}/measures/${m.id}`, { version: m.version }))}
        >
          <Button size="small" type="text" danger loading={busy}>
            {t('plan.delete')}
          </Button>
        </Popconfirm>
      ) : null}
    </Space>
  );
}

/** The measures' columns; the row's actions (edit, status, delete) fixed at the right for a writer. */
function measureColumns(i18n: I18n, writable: boolean, p: PlanView): Column<MeasureView>[] {
  const { t, enumLabel, lang } = i18n;
  return [
    {
      key: 'type',
      title: t('plan.measureType'),
      card: 'title',
      render: (m) => (
        <span>
          {enumLabel(MeasureType, m.type)}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {enumLabel(MeasureCategory, m.category)}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'status',
      title: t('plan.status'),
      card: 'extra',
      render: (m) => <Tag color={STATUS_COLORS[m.status]}>{enumLabel(MeasureStatus, m.status)}</Tag>,
    },
    {
      key: 'department',
      title: t('plan.department'),
      render: (m) => (m.department ? enumLabel(Department, m.department) : '—'),
    },
    { key: 'description', title: t('plan.description'), render: (m) => m.description ?? '—' },
    {
      key: 'period',
      title: t('plan.period'),
      render: (m) => (m.startOn || m.endOn ? `${m.startOn ?? '…'} – ${m.endOn ?? '…'}` : '—'),
    },
    {
      key: 'amount',
      title: t('plan.amount'),
      render: (m) => (m.amountFen == null ? '—' : money(m.amountFen, lang)),
    },
    ...(writable
      ? [
          {
            key: 'actions',
            title: t('plan.actions'),
            fixed: 'right' as const,
            render: (m: MeasureView) => <MeasureActions plan={p} m={m} />,
          },
        ]
      : []),
  ];
}

/** The plan of the case and its measures with their lead departments and status. */
export function PlanCard({ planId }: { planId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSignedIn();
  const phone = useIsPhone();
  const plan = usePlan(planId);
  const [adding, setAdding] = useState(false);
  const writable = session.can('plan.write');
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('plan.title')}</h2>}
      data-testid="plan-card"
      extra={
        writable ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('plan.addMeasure')}
          </Button>
        ) : null
      }
    >
      <QueryState query={plan}>
        {(p) => {
          const columns = measureColumns(i18n, writable, p);
          return (
            <>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('plan.createdOnText', { date: p.createdOn })}
                {p.planDueOn ? ` · ${t('plan.dueText', { date: p.planDueOn })}` : ''}
                {p.withinDeadline === false ? (
                  <Tag color="red" style={{ marginInlineStart: 8 }}>
                    {t('plan.late')}
                  </Tag>
                ) : null}
              </Typography.Paragraph>
              {p.measures.length ? (
                <ResponsiveTable caption={t('plan.title')} rows={p.measures} columns={columns} rowKey={(m) => m.id} />
              ) : (
                <Empty description={t('plan.noMeasures')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
              )}
              <Drawer
                open={adding}
                onClose={() => setAdding(false)}
                title={t('plan.addMeasure')}
                width={phone ? '100%' : 520}
                destroyOnHidden
              >
                <MeasureForm plan={p} onDone={() => setAdding(false)} />
              </Drawer>
            </>
          );
        }}
      </QueryState>
    </Card>
  );
}
