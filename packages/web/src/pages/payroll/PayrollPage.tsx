import { DownloadOutlined, FileAddOutlined } from '@ant-design/icons';
import { PayrollLineStatus, PayrollStatus, SocialAssistanceKind } from '@dixian/core';
import {
  PayrollPaidBody,
  PayrollStopBody,
  type PayrollLineView,
  type PayrollList,
  type PayrollSummary,
  type PayrollView,
  type Reconciliation,
} from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, download, isApiError } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { money } from '../../lib/format';

const STATUS_COLOR: Record<PayrollSummary['status'], string> = { draft: 'gold', approved: 'blue', paid: 'green' };

function monthText(month: string, lang: 'zh' | 'en'): string {
  const [y, m] = month.split('-');
  return lang === 'zh' ? `${y}年${m}月` : month;
}

function usePayrollColumns({
  county,
  onOpen: setOpen,
  onPay: setPaying,
  onApprove: approve,
}: {
  county: boolean;
  onOpen: (id: string) => void;
  onPay: (p: PayrollSummary) => void;
  onApprove: (p: PayrollSummary) => Promise<void>;
}) {
  const { t, lang, enumLabel } = useI18n();
  return [
    { key: 'township', title: t('payroll.township'), render: (p: PayrollSummary) => p.regionName ?? '—' },
    { key: 'month', title: t('payroll.month'), render: (p: PayrollSummary) => monthText(p.month, lang) },
    {
      key: 'status',
      title: t('payroll.status'),
      render: (p: PayrollSummary) => <Tag color={STATUS_COLOR[p.status]}>{enumLabel(PayrollStatus, p.status)}</Tag>,
    },
    { key: 'lines', title: t('payroll.lines'), align: 'right' as const, render: (p: PayrollSummary) => p.lineCount },
    {
      key: 'people',
      title: t('payroll.people'),
      align: 'right' as const,
      render: (p: PayrollSummary) => p.peopleCount,
    },
    {
      key: 'total',
      title: t('payroll.total'),
      align: 'right' as const,
      render: (p: PayrollSummary) => money(p.totalFen, lang),
    },
    {
      key: 'recovery',
      title: t('payroll.recovery'),
      align: 'right' as const,
      render: (p: PayrollSummary) => (p.recoveryFen ? money(p.recoveryFen, lang) : '—'),
    },
    {
      key: 'actions',
      title: t('payroll.actions'),
      render: (p: PayrollSummary) => (
        <Space wrap size={4}>
          <Button size="small" onClick={() => setOpen(p.id)} data-testid="payroll-open">
            {t('payroll.view')}
          </Button>
          {county && p.status === 'draft' ? (
            <Button size="small" type="primary" onClick={() => void approve(p)} data-testid="payroll-approve">
              {t('payroll.approve')}
            </Button>
          ) : null}
          {county && p.status === 'approved' ? (
            <Button size="small" onClick={() => setPaying(p)} data-testid="payroll-mark-paid">
              {t('payroll.markPaid')}
            </Button>
          ) : null}
          <Button
            size="small"
            icon={<DownloadOutlined />}
            onClick={() => void download(`/api/payrolls/${p.id}/export.xlsx`, undefined, 'payroll.xlsx')}
          >
            {t('payroll.export')}
          </Button>
        </Space>
      ),
    },
  ];
}

/** Prepare the month (then open it) and approve a payroll, each answered with a message. */
function usePayrollActions(month: string, onPrepared: (id: string) => void) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ['payroll'] });
  const prepare = async () => {
    setBusy(true);
    try {
      const p = await api.post<PayrollView>('/api/payrolls', { month });
      message.success(t('payroll.prepared', { n: p.lineCount }));
      await refresh();
      onPrepared(p.id);
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const approve = async (p: PayrollSummary) => {
    try {
      await api.post(`/api/payrolls/${p.id}/approve`, { version: p.version });
      message.success(t('payroll.approved'));
      await refresh();
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    }
  };
  return { prepare, approve, busy };
}

/**
 * 救助资金发放 (issue 16 §6; S0 plan one 四(一)): the township prepares the month's payroll from the 低保 and 特困 cases
 * in force, stops a line with its reason and exports it for the bank; the county approves it, marks it paid and
 * reconciles what was paid against what was decided, township by township.
 */
export function PayrollPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [open, setOpen] = useState<string | null>(null);
  const [paying, setPaying] = useState<PayrollSummary | null>(null);
  const list = useQuery({
    queryKey: ['payroll', 'list', month],
    queryFn: () => api.get<PayrollList>('/api/payrolls', { month }),
  });
  const isTownship = session.user.role === 'township_officer';
  const county = session.can('payroll.approve');
  const { prepare, approve, busy } = usePayrollActions(month, setOpen);
  const columns = usePayrollColumns({ county, onOpen: setOpen, onPay: setPaying, onApprove: approve });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('payroll.title')} sub={t('payroll.sub')} />
      <Space wrap>
        <DatePicker
          picker="month"
          inputReadOnly
          allowClear={false}
          aria-label={t('payroll.month')}
          value={dayjs(`${month}-01`)}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        />
        {isTownship && session.can('payroll.prepare') ? (
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            loading={busy}
            onClick={() => void prepare()}
            data-testid="payroll-prepare"
          >
            {list.data?.items.some((p) => p.status === 'draft') ? t('payroll.rebuild') : t('payroll.prepare')}
          </Button>
        ) : null}
      </Space>
      <Card size="small">
        <QueryState query={list}>
          {(d) => (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.items}
              columns={columns}
              scroll={{ x: true }}
              locale={{ emptyText: t('payroll.none') }}
              data-testid="payroll-list"
            />
          )}
        </QueryState>
      </Card>
      {county ? <ReconciliationCard month={month} /> : null}
      <SheetDrawer open={!!open} onClose={() => setOpen(null)} title={t('payroll.title')} width={960}>
        {open ? <PayrollDetail id={open} /> : null}
      </SheetDrawer>
      <SheetDrawer open={!!paying} onClose={() => setPaying(null)} title={t('payroll.markPaid')} width={420}>
        {paying ? <PaidForm payroll={paying} onDone={() => setPaying(null)} /> : null}
      </SheetDrawer>
    </Space>
  );
}

function useLineColumns(p: PayrollView, onStop: (l: PayrollLineView) => void) {
  const { t, lang, enumLabel } = useI18n();
  const session = useSignedIn();
  return [
    { key: 'village', title: t('payroll.village'), render: (l: PayrollLineView) => l.villageName ?? '—' },
    {
      key: 'payee',
      title: t('payroll.payee'),
      render: (l: PayrollLineView) => l.payeeName ?? l.headName ?? '—',
    },
    {
      key: 'kind',
      title: t('payroll.kind'),
      render: (l: PayrollLineView) => enumLabel(SocialAssistanceKind, l.kind),
    },
    {
      key: 'people',
      title: t('payroll.people'),
      align: 'right' as const,
      render: (l: PayrollLineView) => l.peopleCount,
    },
    {
      key: 'amount',
      title: t('payroll.amount'),
      align: 'right' as const,
      render: (l: PayrollLineView) => money(l.amountFen, lang),
    },
    { key: 'account', title: t('payroll.account'), render: (l: PayrollLineView) => l.accountNo ?? '—' },
    {
      key: 'status',
      title: t('payroll.status'),
      render: (l: PayrollLineView) =>
        l.status === 'stopped' ? (
          <Tag color="red">
            {enumLabel(PayrollLineStatus, l.status)}
            {l.stopReason ? `：${l.stopReason}` : ''}
          </Tag>
        ) : (
          <Tag color="green">{enumLabel(PayrollLineStatus, l.status)}</Tag>
        ),
    },
    {
      key: 'note',
      title: t('payroll.note'),
      render: (l: PayrollLineView) =>
        [l.recoveryFen ? `${t('payroll.recoveryDue')} ${money(l.recoveryFen, lang)}` : null, l.note]
          .filter(Boolean)
          .join('；') || '—',
    },
    {
      key: 'actions',
      title: t('payroll.actions'),
      render: (l: PayrollLineView) =>
        session.can('payroll.prepare') && p.status === 'draft' && l.status === 'included' ? (
          <Button size="small" danger onClick={() => onStop(l)} data-testid="payroll-stop">
            {t('payroll.stop')}
          </Button>
        ) : (
          '—'
        ),
    },
  ];
}

function PayrollDetail({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['payroll', 'detail', id],
    queryFn: () => api.get<PayrollView>(`/api/payrolls/${id}`),
  });
  return <QueryState query={q}>{(p) => <PayrollLines p={p} />}</QueryState>;
}

function PayrollLines({ p }: { p: PayrollView }) {
  const { t, lang, enumLabel } = useI18n();
  const [stopping, setStopping] = useState<PayrollLineView | null>(null);
  const lineColumns = useLineColumns(p, setStopping);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('payroll.detail', { township: p.regionName ?? '', month: monthText(p.month, lang) })}
      </Typography.Title>
      <Typography.Text type="secondary">
        {t('payroll.summary', {
          status: enumLabel(PayrollStatus, p.status),
          lines: p.lineCount,
          people: p.peopleCount,
          total: money(p.totalFen, lang),
        })}
      </Typography.Text>
      <Table
        rowKey="id"
        size="small"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        dataSource={p.lines}
        scroll={{ x: true }}
        data-testid="payroll-lines"
        columns={lineColumns}
      />
      <SheetDrawer open={!!stopping} onClose={() => setStopping(null)} title={t('payroll.stop')} width={420}>
        {stopping ? <StopForm payroll={p} line={stopping} onDone={() => setStopping(null)} /> : null}
      </SheetDrawer>
    </Space>
  );
}

function StopForm({ payroll, line, onDone }: { payroll: PayrollView; line: PayrollLineView; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const zf = useZodForm<typeof PayrollStopBody, { reason?: string }>(PayrollStopBody, {
    toBody: (v) => ({ ...v, version: payroll.version }) as never,
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      onFinish={zf.submit(async (body) => {
        await api.post(`/api/payrolls/${payroll.id}/lines/${line.id}/stop`, body);
        message.success(t('payroll.stopDone'));
        await qc.invalidateQueries({ queryKey: ['payroll'] });
        onDone();
      })}
      data-testid="payroll-stop-form"
    >
      <FormErrors zf={zf} />
      <Typography.Paragraph type="secondary">{line.payeeName ?? line.headName}</Typography.Paragraph>
      <Form.Item name="reason" label={t('payroll.stopReason')} rules={zf.rules('reason')}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('common.submit')}
      </Button>
    </Form>
  );
}

function PaidForm({ payroll, onDone }: { payroll: PayrollSummary; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const zf = useZodForm<typeof PayrollPaidBody, { paidOn?: unknown }>(PayrollPaidBody, {
    toBody: (v) => ({ ...v, version: payroll.version }) as never,
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={{ paidOn: dayjs() }}
      onFinish={zf.submit(async (body) => {
        await api.post(`/api/payrolls/${payroll.id}/paid`, body);
        message.success(t('payroll.marked'));
        await qc.invalidateQueries({ queryKey: ['payroll'] });
        onDone();
      })}
      data-testid="payroll-paid-form"
    >
      <FormErrors zf={zf} />
      <Form.Item name="paidOn" label={t('payroll.paidOn')} rules={zf.rules('paidOn')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('common.submit')}
      </Button>
    </Form>
  );
}

type I18n = ReturnType<typeof useI18n>;
type Township = Reconciliation['townships'][number];
type CaseLine = Reconciliation['cases'][number];

function townshipColumns({ t, lang, enumLabel }: I18n) {
  return [
    { key: 'name', title: t('payroll.township'), render: (x: Township) => x.regionName ?? '—' },
    {
      key: 'status',
      title: t('payroll.status'),
      render: (x: Township) => (x.payrollStatus ? enumLabel(PayrollStatus, x.payrollStatus) : t('payroll.noPayroll')),
    },
    {
      key: 'decided',
      title: t('payroll.decided'),
      align: 'right' as const,
      render: (x: Township) => money(x.decidedFen, lang),
    },
    {
      key: 'paid',
      title: t('payroll.paid'),
      align: 'right' as const,
      render: (x: Township) => money(x.paidFen, lang),
    },
    {
      key: 'recovery',
      title: t('payroll.recoveryDue'),
      align: 'right' as const,
      render: (x: Township) => (x.recoveryDueFen ? money(x.recoveryDueFen, lang) : '—'),
    },
    {
      key: 'mismatches',
      title: t('payroll.mismatches'),
      render: (x: Township) =>
        x.mismatches ? <Tag color="red">{x.mismatches}</Tag> : <Tag color="green">{t('payroll.agrees')}</Tag>,
    },
  ];
}

function caseColumns({ t, lang, enumLabel }: I18n, names: Map<string, string | null>) {
  return [
    {
      key: 'township',
      title: t('payroll.township'),
      render: (c: CaseLine) => names.get(c.townshipCode) ?? '—',
    },
    { key: 'household', title: t('payroll.household'), render: (c: CaseLine) => c.headName ?? '—' },
    {
      key: 'kind',
      title: t('payroll.kind'),
      render: (c: CaseLine) => enumLabel(SocialAssistanceKind, c.kind),
    },
    {
      key: 'decided',
      title: t('payroll.decided'),
      align: 'right' as const,
      render: (c: CaseLine) => money(c.decidedFen, lang),
    },
    {
      key: 'paid',
      title: t('payroll.paid'),
      align: 'right' as const,
      render: (c: CaseLine) => money(c.paidFen, lang),
    },
    {
      key: 'recovery',
      title: t('payroll.recoveryDue'),
      align: 'right' as const,
      render: (c: CaseLine) => (c.recoveryDueFen ? money(c.recoveryDueFen, lang) : '—'),
    },
    {
      key: 'result',
      title: t('payroll.result'),
      render: (c: CaseLine) => (
        <Tag color={c.status === 'ok' ? 'orange' : 'red'}>
          {c.status === 'ok' ? t('payroll.recoveryDue') : t(`payroll.reconcile.${c.status}`)}
        </Tag>
      ),
    },
  ];
}

/** S0 plan one 四(一): decided against paid, by township, the cases that do not agree highlighted. */
function ReconciliationCard({ month }: { month: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const q = useQuery({
    queryKey: ['payroll', 'reconciliation', month],
    queryFn: () => api.get<Reconciliation>('/api/payrolls/reconciliation', { month }),
  });
  const names = new Map((q.data?.townships ?? []).map((x) => [x.regionCode, x.regionName]));
  return (
    <Card size="small" title={t('payroll.reconciliation')} data-testid="payroll-reconciliation">
      <Typography.Paragraph type="secondary">{t('payroll.reconSub')}</Typography.Paragraph>
      <QueryState query={q}>
        {(d) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Table
              rowKey="regionCode"
              size="small"
              pagination={false}
              dataSource={d.townships}
              scroll={{ x: true }}
              rowClassName={(x: Township) => (x.mismatches ? 'row-warning' : '')}
              columns={townshipColumns(i18n)}
            />
            {d.cases.length ? (
              <Table
                rowKey="caseId"
                size="small"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                dataSource={d.cases}
                scroll={{ x: true }}
                data-testid="payroll-mismatches"
                columns={caseColumns(i18n, names)}
              />
            ) : (
              <Alert type="success" showIcon message={t('payroll.allAgree')} />
            )}
          </Space>
        )}
      </QueryState>
    </Card>
  );
}
