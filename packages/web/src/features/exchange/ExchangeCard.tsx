import type { DepartmentExchangeList, DepartmentExchangeView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd';
import { api, isApiError } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';

const KEY = ['exchanges'];

/** Record a 零报告 for a department: it counts as this period's exchange. */
function ZeroReportButton({ d }: { d: DepartmentExchangeView }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const record = async () => {
    try {
      const list = await api.post<DepartmentExchangeList>('/api/exchanges/zero-reports', { department: d.department });
      client.setQueryData(KEY, list);
      message.success(t('exchange.zeroRecorded'));
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    }
  };
  return (
    <Popconfirm title={t('exchange.recordZero')} onConfirm={() => void record()}>
      <Button size="small" data-testid={`zero-report-${d.department}`}>
        {t('exchange.zeroReport')}
      </Button>
    </Popconfirm>
  );
}

/**
 * Each department's data exchange with the agency (S1 §四(二)3: at least every `departmentExchangeMonths`): the
 * last feed or 零报告, the next due, the overdue ones in red. County users and department officers only.
 */
export function ExchangeCard() {
  const { t, L } = useI18n();
  const session = useSignedIn();
  const show = session.user.scopeCode.length === 6 && session.can('warning.read');
  const q = useQuery({
    queryKey: KEY,
    queryFn: () => api.get<DepartmentExchangeList>('/api/exchanges'),
    enabled: show,
  });
  if (!show || !q.data) return null;
  const canRecord = session.can('feed.upload');
  return (
    <Card
      size="small"
      data-testid="exchange-card"
      title={
        <span>
          <span style={{ fontSize: 16 }}>{t('exchange.title')}</span>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('exchange.every', { n: q.data.intervalMonths })}
          </Typography.Text>
        </span>
      }
    >
      <Table
        size="small"
        pagination={false}
        rowKey="department"
        dataSource={q.data.items}
        scroll={{ x: true }}
        columns={[
          { key: 'dept', title: t('exchange.department'), render: (_: unknown, d) => L(d.departmentLabel) },
          {
            key: 'last',
            title: t('exchange.last'),
            render: (_: unknown, d) =>
              d.lastExchangeOn ? (
                <span>
                  {d.lastExchangeOn}
                  {d.lastExchangeOn === d.lastZeroReportOn ? ` (${t('exchange.zeroReport')})` : ''}
                </span>
              ) : (
                t('exchange.never')
              ),
          },
          { key: 'next', title: t('exchange.next'), render: (_: unknown, d) => d.nextDueOn ?? '—' },
          {
            key: 'state',
            title: '',
            render: (_: unknown, d) =>
              d.overdue ? (
                <Tag color="red" data-testid="exchange-overdue">
                  {t('exchange.overdue')}
                </Tag>
              ) : (
                <Tag color="green">{t('exchange.onTime')}</Tag>
              ),
          },
          ...(canRecord
            ? [
                {
                  key: 'zero',
                  title: '',
                  render: (_: unknown, d: DepartmentExchangeView) => <ZeroReportButton d={d} />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
