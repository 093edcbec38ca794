import { eightPoint, eightPointProblemLabel, type EightPointId } from '@dixian/core';
import type { BulkRaiseResult, EightPointHousehold, EightPointHouseholdPage } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { SheetDrawer } from '../../components/SheetDrawer';
import { RaiseDialog } from '../../features/supervision/RaiseDialog';
import { useI18n } from '../../i18n/i18n';

function useHouseholdColumns(): TableColumnsType<EightPointHousehold> {
  const { t, L } = useI18n();
  return [
    {
      key: 'no',
      title: t('registry.householdNo'),
      render: (_, h) => <Link to={`/households/${h.householdId}`}>{h.householdNo}</Link>,
    },
    { key: 'head', title: t('registry.head'), render: (_, h) => h.headName ?? '—' },
    { key: 'village', title: t('registry.village'), render: (_, h) => h.regionName ?? '—' },
    {
      key: 'problems',
      title: t('eight.problems'),
      render: (_, h) =>
        h.problems.map((c) => (
          <Tag color="red" key={c}>
            {L(eightPointProblemLabel(c))}
          </Tag>
        )),
    },
  ];
}

/**
 * The households behind one figure of the eight points (those short of it, with their problems in words), page by
 * page; chosen ones or all of them are raised into the suspected-problem ledger (S3 §五).
 */
export function PointHouseholds(p: {
  point: EightPointId;
  region: string;
  regionName: string;
  asOf: string | undefined;
  onClose: () => void;
}) {
  const { t, L } = useI18n();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [selected, setSelected] = useState<string[]>([]);
  const [raising, setRaising] = useState<'selected' | 'all' | null>(null);
  const def = eightPoint(p.point);
  const list = useQuery({
    queryKey: ['supervision', 'households', p.point, p.region, p.asOf ?? '', page.page, page.pageSize],
    queryFn: () =>
      api.get<EightPointHouseholdPage>(`/api/supervision/eight-points/${p.point}/households`, {
        region: p.region,
        ...(p.asOf ? { asOf: p.asOf } : {}),
        ...page,
      }),
  });
  const send = async (terms: { deadline: string; ownerId: string }) => [
    await api.post<BulkRaiseResult>(`/api/supervision/eight-points/${p.point}/raise`, {
      region: p.region,
      ...(p.asOf ? { asOf: p.asOf } : {}),
      ...terms,
      ...(raising === 'selected' ? { householdIds: selected } : {}),
    }),
  ];
  const total = list.data?.total ?? 0;
  return (
    <SheetDrawer
      open
      onClose={p.onClose}
      width={760}
      title={t('eight.households', { point: L(def.label), region: p.regionName })}
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Button
          type="primary"
          disabled={!selected.length}
          onClick={() => setRaising('selected')}
          data-testid="raise-selected"
        >
          {t('eight.raise')}({selected.length})
        </Button>
        <Button disabled={!total} onClick={() => setRaising('all')} data-testid="raise-all">
          {t('eight.raiseAll')}({total})
        </Button>
      </Space>
      <Table<EightPointHousehold>
        rowKey="householdId"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('eight.noneShort')} /> }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total,
          onChange: (n, size) => setPage({ page: n, pageSize: size }),
        }}
        columns={useHouseholdColumns()}
      />
      <RaiseDialog
        open={raising !== null}
        onClose={() => setRaising(null)}
        region={p.region}
        count={raising === 'selected' ? selected.length : total}
        send={send}
        onDone={() => setSelected([])}
      />
    </SheetDrawer>
  );
}
