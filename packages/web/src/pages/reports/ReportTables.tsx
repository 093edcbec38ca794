import { Department, EIGHT_POINTS, LedgerKind, SocialAssistanceKind } from '@dixian/core';
import type { Report } from '@dixian/core/api';
import { Card, Col, Descriptions, Row, Table, Tag } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { money, percent } from '../../lib/format';

interface DeadlineRow {
  key: string;
  name: string;
  total: number;
  met: number;
}

const rate = (met: number, total: number) => (total > 0 ? percent(met / total) : '—');

/** The report's tables: deadlines, the eight points, ledgers, measures by department and social assistance. */
export function ReportTables({ r }: { r: Report }) {
  const { t, L, enumLabel } = useI18n();
  const d = r.deadlines;
  const points = EIGHT_POINTS.map((p) => ({ p, f: r.eightPoints.total.figures[p.id] }));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('report.deadlines')}>
          <Table<DeadlineRow>
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={[
              { key: 'id', name: t('report.identification', { days: d.identification.days }), ...d.identification },
              { key: 'plan', name: t('report.plan', { days: d.plan.days }), ...d.plan },
            ]}
            columns={[
              { key: 'name', dataIndex: 'name', title: '' },
              { key: 'total', dataIndex: 'total', title: t('report.due') },
              { key: 'met', dataIndex: 'met', title: t('report.met') },
              {
                key: 'rate',
                title: '%',
                render: (_: unknown, x) => rate(x.met, x.total),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('report.ledgers')}>
          <Table
            size="small"
            pagination={false}
            rowKey="ledger"
            dataSource={r.ledgers}
            columns={[
              { key: 'ledger', title: '', render: (_: unknown, x) => enumLabel(LedgerKind, x.ledger) },
              { key: 'opened', dataIndex: 'opened', title: t('report.opened') },
              { key: 'closed', dataIndex: 'closed', title: t('report.closed') },
              { key: 'openAtEnd', dataIndex: 'openAtEnd', title: t('report.openAtEnd') },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('report.eightPoints')}>
          <Table
            size="small"
            pagination={false}
            rowKey={(x) => x.p.id}
            dataSource={points}
            columns={[
              { key: 'label', title: '', render: (_: unknown, x) => `${x.p.seq}. ${L(x.p.label)}` },
              { key: 'met', title: t('report.pointMet'), render: (_: unknown, x) => `${x.f.met}/${x.f.denominator}` },
              { key: 'share', title: '%', render: (_: unknown, x) => (x.f.share === null ? '—' : percent(x.f.share)) },
              {
                key: 'short',
                title: '',
                render: (_: unknown, x) =>
                  x.f.short ? <Tag color="red">{t('report.short')}</Tag> : <Tag color="green">{t('report.ok')}</Tag>,
              },
            ]}
          />
        </Card>
      </Col>
      <AssistanceCards r={r} />
    </Row>
  );
}

/** Social assistance in force and paid, and the measures by department. */
function AssistanceCards({ r }: { r: Report }) {
  const { t, enumLabel, lang } = useI18n();
  return (
    <Col xs={24} lg={12}>
      <Card size="small" title={t('report.assistance')}>
        <Descriptions size="small" column={1} bordered>
          {r.assistance.inForce.map((a) => (
            <Descriptions.Item
              key={a.kind}
              label={`${t('report.inForceCases')}:${enumLabel(SocialAssistanceKind, a.kind)}`}
            >
              {t('report.cases', { n: a.cases })} / {t('report.people', { n: a.people })}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('report.paid')}>
            {t('report.people', { n: r.assistance.paid.people })} · {money(r.assistance.paid.amountFen, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('report.tempRelief')}>
            {t('report.cases', { n: r.assistance.tempRelief.cases })} · {money(r.assistance.tempRelief.amountFen, lang)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('report.departments')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          pagination={false}
          rowKey={(x) => x.department ?? 'none'}
          dataSource={r.measures.byDepartment}
          locale={{ emptyText: t('report.none') }}
          columns={[
            {
              key: 'department',
              title: '',
              render: (_: unknown, x) =>
                x.department ? enumLabel(Department, x.department) : t('report.noDepartment'),
            },
            { key: 'started', dataIndex: 'started', title: t('report.started') },
            { key: 'inForce', dataIndex: 'inForce', title: t('report.inForce') },
          ]}
        />
      </Card>
    </Col>
  );
}
