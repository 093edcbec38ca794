import type { HalfMonthRow, HalfMonthView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { HouseholdSelect } from '../../components/HouseholdSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';

/**
 * 半月报 (S1 §四(二)1–2): who in the area has reported its warning list for the current half month and who has
 * not; a village cadre or township officer reports the list of their own village or township, or a 零报告.
 */
export function HalfMonthPage() {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['halfmonth'], queryFn: () => api.get<HalfMonthView>('/api/halfmonth') });
  const session = useSignedIn();
  return (
    <>
      <PageHeader title={t('halfmonth.title')} sub={t('halfmonth.sub')} />
      <QueryState query={query}>
        {(data) => (
          <Flex vertical gap={16}>
            <Card size="small" title={periodTitle(data, t)}>
              {!data.open ? (
                <Alert type="info" showIcon message={t('halfmonth.notOpen')} style={{ marginBottom: 12 }} />
              ) : null}
              <Flex gap={32} wrap>
                <Statistic title={t('halfmonth.reported')} value={data.reported} />
                <Statistic
                  title={t('halfmonth.missing')}
                  value={data.missing}
                  valueStyle={{ color: data.missing ? '#cf1322' : undefined }}
                />
              </Flex>
            </Card>
            {session.can('halfmonth.report') && data.open ? <ReportCard region={session.user.scopeCode} /> : null}
            <StatusTable rows={data.rows} />
          </Flex>
        )}
      </QueryState>
    </>
  );
}

function periodTitle(d: HalfMonthView, t: ReturnType<typeof useI18n>['t']): string {
  const part =
    d.count === 2
      ? t(d.index === 0 ? 'halfmonth.firstHalf' : 'halfmonth.secondHalf')
      : t('halfmonth.part', { n: d.index + 1 });
  return t('halfmonth.period', { start: d.periodStart, end: d.periodEnd, part });
}

function StatusTable({ rows }: { rows: HalfMonthRow[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('halfmonth.whoReported')}>
      <Table<HalfMonthRow>
        size="small"
        rowKey="regionCode"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        onRow={(r) =>
          ({ 'data-testid': 'halfmonth-row', 'data-reported': r.reported }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('rhythm.region'), dataIndex: 'regionName', render: (v: string | null) => v ?? '—' },
          {
            title: t('halfmonth.level'),
            dataIndex: 'level',
            render: (l: HalfMonthRow['level']) => t(l === 'village' ? 'halfmonth.village' : 'halfmonth.township'),
          },
          {
            title: t('rhythm.status'),
            render: (_, r) =>
              !r.reported ? (
                <Tag color="red">{t('halfmonth.notReported')}</Tag>
              ) : r.zeroReport ? (
                <Tag color="green">{t('halfmonth.zeroReport')}</Tag>
              ) : (
                <Tag color="green">{t('halfmonth.households', { n: r.householdCount })}</Tag>
              ),
          },
          {
            title: t('halfmonth.reportedBy'),
            render: (_, r) => (r.reportedOn ? `${r.reportedByName ?? ''} ${r.reportedOn}` : '—'),
          },
        ]}
      />
    </Card>
  );
}

function ReportCard({ region }: { region: string }) {
  const { t, localize } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<{ id: string; label: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const send = async (ids: string[]) => {
    setBusy(true);
    try {
      await api.post('/api/halfmonth/reports', { regionCode: region, householdIds: ids });
      message.success(t(ids.length ? 'halfmonth.sent' : 'halfmonth.zeroSent'));
      setChosen([]);
      await client.invalidateQueries({ queryKey: ['halfmonth'] });
    } catch (e) {
      message.error(isApiError(e) ? localize(e.serverMessage) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('halfmonth.report')}>
      <Flex vertical gap={8}>
        <HouseholdSelect
          aria-label={t('halfmonth.addHousehold')}
          value={undefined}
          onChange={(id, label) =>
            id && !chosen.some((c) => c.id === id) && setChosen([...chosen, { id, label: label ?? '' }])
          }
        />
        <Flex gap={4} wrap>
          {chosen.map((c, i) => (
            <Tag key={c.id} closable onClose={() => setChosen(chosen.filter((x) => x.id !== c.id))}>
              {c.label || t('halfmonth.householdN', { n: i + 1 })}
            </Tag>
          ))}
        </Flex>
        <Flex gap={8} wrap>
          <Button type="primary" disabled={!chosen.length} loading={busy} onClick={() => send(chosen.map((c) => c.id))}>
            {t('halfmonth.sendList', { n: chosen.length })}
          </Button>
          <Button loading={busy} onClick={() => send([])} data-testid="halfmonth-zero">
            {t('halfmonth.sendZero')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
