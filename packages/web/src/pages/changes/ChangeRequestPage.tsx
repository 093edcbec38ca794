import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  CaseStage,
  ChangeRequestKind,
  ChangeRequestStatus,
  MonitoringCategory,
  MonitoringStatus,
  Relation,
} from '@dixian/core';
import { ChangeRefuseBody, type ChangeRequestView, type HouseholdSnapshot } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Row,
  Space,
  Tag,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { STATUS_COLORS } from './status';

/** One household as it is, or as it would be: village, status, category, open case and members. */
function SnapshotCard({ s }: { s: HouseholdSnapshot }) {
  const { t, enumLabel } = useI18n();
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          {t('household.title', { no: s.householdNo })}
          {s.isNew ? <Tag color="blue">{t('changes.newHousehold')}</Tag> : null}
          {s.isClosed ? <Tag>{t('changes.closed')}</Tag> : null}
        </Space>
      }
      style={{ marginBottom: 12 }}
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('changes.village')}>{s.regionName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('changes.monitoringStatus')}>
          {enumLabel(MonitoringStatus, s.monitoringStatus)}
        </Descriptions.Item>
        <Descriptions.Item label={t('changes.category')}>
          {s.monitoringCategory ? enumLabel(MonitoringCategory, s.monitoringCategory) : t('changes.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('changes.caseStage')}>
          {s.caseStage ? enumLabel(CaseStage, s.caseStage) : t('changes.none')}
        </Descriptions.Item>
      </Descriptions>
      <List
        size="small"
        header={t('changes.members')}
        dataSource={s.members}
        renderItem={(m) => (
          <List.Item>
            {m.name} · {enumLabel(Relation, m.relation)}
          </List.Item>
        )}
      />
    </Card>
  );
}

function useDecided() {
  const client = useQueryClient();
  return () =>
    Promise.all(['changes', 'inbox', 'households', 'leads'].map((k) => client.invalidateQueries({ queryKey: [k] })));
}

function RefuseForm({ r, onDone }: { r: ChangeRequestView; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const decided = useDecided();
  const zf = useZodForm<typeof ChangeRefuseBody, Record<string, unknown>>(ChangeRefuseBody, {
    toBody: (v) => ({ ...v, version: r.version }) as never,
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      data-testid="refuse-form"
      onFinish={zf.submit(async (body) => {
        await api.post(`/api/change-requests/${r.id}/refuse`, body);
        message.success(t('changes.refused'));
        await decided();
        onDone();
      })}
    >
      <FormErrors zf={zf} />
      <Form.Item name="reason" label={t('changes.reason')} rules={zf.rules('reason')}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Button type="primary" danger htmlType="submit" block loading={zf.submitting}>
        {t('changes.refuse')}
      </Button>
    </Form>
  );
}

function Decision({ r }: { r: ChangeRequestView }) {
  const { t, localize } = useI18n();
  const { message } = App.useApp();
  const decided = useDecided();
  const phone = useIsPhone();
  const [refusing, setRefusing] = useState(false);
  const approve = async () => {
    try {
      await api.post(`/api/change-requests/${r.id}/approve`, { version: r.version });
      message.success(t('changes.approved'));
    } catch (e) {
      message.error(isApiError(e) ? localize(e.serverMessage) : String(e));
    }
    await decided();
  };
  return (
    <Space wrap>
      <Popconfirm title={t('changes.approveConfirm')} onConfirm={approve} disabled={r.stale}>
        <Button type="primary" disabled={r.stale} data-testid="approve">
          {t('changes.approve')}
        </Button>
      </Popconfirm>
      <Button danger onClick={() => setRefusing(true)} data-testid="refuse">
        {t('changes.refuse')}
      </Button>
      <Modal
        open={refusing}
        onCancel={() => setRefusing(false)}
        footer={null}
        width={phone ? '100%' : 480}
        title={t('changes.refuseTitle')}
        destroyOnHidden
      >
        <RefuseForm r={r} onDone={() => setRefusing(false)} />
      </Modal>
    </Space>
  );
}

/** 撤回: the village takes back a request nobody has decided yet. */
function Withdraw({ r }: { r: ChangeRequestView }) {
  const { t, localize } = useI18n();
  const { message } = App.useApp();
  const decided = useDecided();
  const withdraw = async () => {
    try {
      await api.post(`/api/change-requests/${r.id}/withdraw`, { version: r.version });
      message.success(t('changes.withdrawn'));
    } catch (e) {
      message.error(isApiError(e) ? localize(e.serverMessage) : String(e));
    }
    await decided();
  };
  return (
    <Popconfirm title={t('changes.withdrawConfirm')} onConfirm={withdraw}>
      <Button data-testid="withdraw">{t('changes.withdraw')}</Button>
    </Popconfirm>
  );
}

function Facts({ r }: { r: ChangeRequestView }) {
  const { t, enumLabel } = useI18n();
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
      <Descriptions.Item label={t('changes.status')}>
        <Tag color={STATUS_COLORS[r.status]}>{enumLabel(ChangeRequestStatus, r.status)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('changes.household')}>
        <Link to={`/households/${r.householdId}`}>{`${r.headName ?? ''} ${r.householdNo}`.trim()}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('changes.requestedBy')}>
        {r.requestedBy ?? '—'} · {when(r.requestedAt)}
      </Descriptions.Item>
      <Descriptions.Item label={t('changes.decidedBy')}>
        {r.decidedAt ? `${r.decidedBy ?? ''} · ${when(r.decidedAt)}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('history.effectiveOnLabel')} span={2}>
        {r.effectiveOn ?? t('changes.effectiveOnApproval')}
      </Descriptions.Item>
      <Descriptions.Item label={t('changes.note')} span={2}>
        {r.note ?? '—'}
      </Descriptions.Item>
      {r.reason ? (
        <Descriptions.Item label={t('changes.reason')} span={2}>
          {r.reason}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/**
 * A change request (issue 14 §3): the household before and after side by side (two columns on a desk, one under
 * the other on a phone), and for a decider other than the requester 批准 or 退回 with a reason.
 */
export function ChangeRequestPage() {
  const { id } = useParams();
  const { t, enumLabel } = useI18n();
  const navigate = useNavigate();
  const request = useQuery({
    queryKey: ['changes', 'detail', id],
    queryFn: () => api.get<ChangeRequestView>(`/api/change-requests/${id}`),
  });
  return (
    <QueryState query={request} rows={8}>
      {(r) => (
        <>
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
            {t('common.back')}
          </Button>
          <PageHeader
            title={`${enumLabel(ChangeRequestKind, r.kind)} · ${r.headName ?? r.householdNo}`}
            sub={r.regionName}
            extra={
              r.mayDecide ? (
                <Decision r={r} />
              ) : r.mayWithdraw ? (
                <Withdraw r={r} />
              ) : r.resultHouseholdId ? (
                <Link to={`/households/${r.resultHouseholdId}`}>{t('changes.resultHousehold')}</Link>
              ) : null
            }
          />
          {r.stale ? <Alert type="warning" showIcon message={t('changes.stale')} style={{ marginBottom: 16 }} /> : null}
          <Facts r={r} />
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <Card title={t('changes.before')} size="small" data-testid="before">
                {r.before.map((s) => (
                  <SnapshotCard key={s.householdNo} s={s} />
                ))}
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card title={t('changes.after')} size="small" data-testid="after">
                {r.after.map((s) => (
                  <SnapshotCard key={s.householdNo} s={s} />
                ))}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </QueryState>
  );
}
