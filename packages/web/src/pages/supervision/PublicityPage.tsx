import { PlusOutlined } from '@ant-design/icons';
import {
  AwarenessSurveyBody,
  PublicityDeliveryBody,
  PublicityListQuery,
  type AwarenessSurveyPage,
  type PublicityDeliveryPage,
  type PublicityDeliveryView,
} from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { HouseholdSelect } from '../../components/HouseholdSelect';
import { ListPage, useList } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { RegionPicker } from '../../components/RegionPicker';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { useSignedIn } from '../../auth/session';

const LEAFLETS = ['application', 'assistance_policy'] as const;

interface DeliveryForm {
  householdId?: string;
  leaflet?: (typeof LEAFLETS)[number];
  deliveredOn?: Dayjs;
  deliveredBy?: string;
  signatureRef?: string;
  photoRef?: string;
}

function RecordDelivery({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const zf = useZodForm<typeof PublicityDeliveryBody, DeliveryForm>(PublicityDeliveryBody, {});
  return (
    <SheetDrawer open={open} onClose={onClose} title={t('publicity.deliver')} width={480}>
      <Form<DeliveryForm>
        form={zf.form}
        layout="vertical"
        initialValues={{ leaflet: 'application', deliveredOn: dayjs() }}
        onFinish={zf.submit(async (body) => {
          await api.post('/api/publicity/deliveries', body);
          message.success(t('publicity.delivered'));
          onClose();
          await client.invalidateQueries({ queryKey: ['publicity'] });
        })}
      >
        <FormErrors zf={zf} />
        <Form.Item name="householdId" label={t('publicity.household')} rules={zf.rules('householdId')}>
          <HouseholdSelect />
        </Form.Item>
        <Form.Item name="leaflet" label={t('publicity.leaflet')} rules={zf.rules('leaflet')}>
          <Radio.Group optionType="button" options={LEAFLETS.map((l) => ({ value: l, label: t(`publicity.${l}`) }))} />
        </Form.Item>
        <Form.Item name="deliveredOn" label={t('publicity.deliveredOn')} rules={zf.rules('deliveredOn')}>
          <DatePicker allowClear={false} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="deliveredBy" label={t('publicity.deliveredBy')} rules={zf.rules('deliveredBy')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="signatureRef"
          label={t('publicity.signatureRef')}
          extra={t('publicity.proofHelp')}
          rules={zf.rules('signatureRef')}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="photoRef" label={t('publicity.photoRef')} rules={zf.rules('photoRef')}>
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={zf.submitting} block size="large">
          {t('publicity.deliver')}
        </Button>
      </Form>
    </SheetDrawer>
  );
}

interface SurveyForm {
  regionCode?: string;
  surveyedOn?: Dayjs;
  respondents?: number;
  aware?: number;
  conductedBy?: string;
  note?: string;
}

function RecordSurvey({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { user } = useSignedIn();
  const zf = useZodForm<typeof AwarenessSurveyBody, SurveyForm>(AwarenessSurveyBody, {});
  return (
    <SheetDrawer open={open} onClose={onClose} title={t('publicity.survey')} width={480}>
      <Form<SurveyForm>
        form={zf.form}
        layout="vertical"
        initialValues={{ surveyedOn: dayjs(), regionCode: user.scopeCode }}
        onFinish={zf.submit(async (body) => {
          await api.post('/api/publicity/surveys', body);
          message.success(t('publicity.surveyed'));
          onClose();
          await client.invalidateQueries({ queryKey: ['publicity'] });
        })}
      >
        <FormErrors zf={zf} />
        <Form.Item name="regionCode" label={t('publicity.surveyRegion')} rules={zf.rules('regionCode')}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="surveyedOn" label={t('publicity.surveyedOn')} rules={zf.rules('surveyedOn')}>
          <DatePicker allowClear={false} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Space>
          <Form.Item name="respondents" label={t('publicity.respondents')} rules={zf.rules('respondents')}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="aware" label={t('publicity.aware')} rules={zf.rules('aware')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        <Form.Item name="conductedBy" label={t('publicity.conductedBy')} rules={zf.rules('conductedBy')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="note" label={t('publicity.note')} rules={zf.rules('note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={zf.submitting} block size="large">
          {t('publicity.survey')}
        </Button>
      </Form>
    </SheetDrawer>
  );
}

function Surveys() {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: ['publicity', 'surveys'],
    queryFn: () => api.get<AwarenessSurveyPage>('/api/publicity/surveys', { pageSize: 100 }),
  });
  return (
    <Card title={t('publicity.surveys')} size="small" style={{ marginTop: 16 }}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={[
          { key: 'region', title: t('publicity.surveyRegion'), render: (_, s) => s.regionName ?? '—' },
          { key: 'on', title: t('publicity.surveyedOn'), dataIndex: 'surveyedOn' },
          { key: 'n', title: t('publicity.respondents'), dataIndex: 'respondents' },
          { key: 'aware', title: t('publicity.aware'), dataIndex: 'aware' },
          {
            key: 'rate',
            title: t('publicity.rate'),
            render: (_, s) => `${((s.aware / s.respondents) * 100).toFixed(1)}%`,
          },
          { key: 'by', title: t('publicity.conductedBy'), dataIndex: 'conductedBy' },
        ]}
      />
    </Card>
  );
}

/**
 * Publicity (S3 §三(一)): the leaflets delivered household by household, and the awareness surveys; village cadres
 * and township officers record them (point 1 of the eight reads them).
 */
export function PublicityPage() {
  const { t } = useI18n();
  const { can } = useSignedIn();
  const [drawer, setDrawer] = useState<'delivery' | 'survey' | null>(null);
  const state = useList<typeof PublicityListQuery, PublicityDeliveryPage>(
    PublicityListQuery,
    '/api/publicity/deliveries',
    ['publicity', 'deliveries'],
  );
  const columns: Column<PublicityDeliveryView>[] = [
    {
      key: 'household',
      title: t('registry.householdNo'),
      card: 'title',
      render: (d) => <Link to={`/households/${d.householdId}`}>{d.householdNo}</Link>,
    },
    { key: 'head', title: t('registry.head'), render: (d) => d.headName ?? '—' },
    { key: 'leaflet', title: t('publicity.leaflet'), render: (d) => t(`publicity.${d.leaflet}`) },
    { key: 'on', title: t('publicity.deliveredOn'), render: (d) => d.deliveredOn },
    { key: 'by', title: t('publicity.deliveredBy'), render: (d) => d.deliveredBy },
    {
      key: 'proof',
      title: t('publicity.signatureRef'),
      render: (d) => d.signatureRef ?? d.photoRef ?? '—',
    },
  ];
  const writer = can('publicity.write');
  return (
    <>
      <ListPage
        title={t('publicity.title')}
        sub={t('publicity.sub')}
        state={state}
        schema={PublicityListQuery}
        columns={columns}
        rowKey={(r) => r.id}
        filters={{ fields: ['region', 'year'], labels: { region: t('registry.area'), year: t('campaign.year') } }}
        exportName="publicity.xlsx"
        actions={
          writer ? (
            <Space>
              <Button icon={<PlusOutlined />} onClick={() => setDrawer('survey')} data-testid="record-survey">
                {t('publicity.survey')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDrawer('delivery')}
                data-testid="record-delivery"
              >
                {t('publicity.deliver')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Surveys />
      <RecordDelivery open={drawer === 'delivery'} onClose={() => setDrawer(null)} />
      <RecordSurvey open={drawer === 'survey'} onClose={() => setDrawer(null)} />
    </>
  );
}
