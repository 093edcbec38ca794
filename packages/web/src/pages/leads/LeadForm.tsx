import { Department, LeadChannel, LeadSubChannel, RiskType } from '@dixian/core';
import { LEAD_SUB_CHANNELS, LeadCreateBody, type LeadView } from '@dixian/core/api';
import { App, Button, DatePicker, Form, Input, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { HouseholdSelect } from '../../components/HouseholdSelect';
import { RegionPicker } from '../../components/RegionPicker';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

interface Values {
  who?: 'household' | 'applicant';
  channel?: LeadChannel;
  subChannel?: LeadSubChannel;
  department?: Department;
  householdId?: string;
  applicant?: { name?: string; idNumber?: string; phone?: string; regionCode?: string };
  description?: string;
  riskTypes?: RiskType[];
  discoveredOn?: string;
}

type Zf = ReturnType<typeof useZodForm<typeof LeadCreateBody, Values>>;

/** The channel, its sub-channel, and the department for a department's report. */
function ChannelFields(p: { zf: Zf; department: Department | null; channel: LeadChannel | undefined }) {
  const { t, L } = useI18n();
  const { zf, department, channel } = p;
  const subs = channel ? LEAD_SUB_CHANNELS[channel] : [];
  return (
    <>
      <Form.Item name="channel" label={t('lead.channel')} rules={zf.rules('channel')}>
        <Select
          size="large"
          disabled={!!department}
          options={LeadChannel.values.map((c) => ({ value: c, label: L(LeadChannel.labels[c]) }))}
          onChange={(c: LeadChannel) => zf.form.setFieldValue('subChannel', LEAD_SUB_CHANNELS[c][0])}
        />
      </Form.Item>
      <Form.Item name="subChannel" label={t('lead.subChannel')} rules={zf.rules('subChannel')}>
        <Select size="large" options={subs.map((s) => ({ value: s, label: L(LeadSubChannel.labels[s]) }))} />
      </Form.Item>
      {channel === 'department_warning' ? (
        <Form.Item name="department" label={t('lead.department')} rules={zf.rules('department')}>
          <EnumSelect enumDef={Department} size="large" disabled={!!department} style={{ width: '100%' }} />
        </Form.Item>
      ) : null}
    </>
  );
}

/** A registered household, or the person not in the registry yet (name, ID number, phone, village). */
function WhoFields({ who, zf, known }: { who: string; zf: Zf; known?: { id: string; label: string } | undefined }) {
  const { t } = useI18n();
  if (who === 'household')
    return (
      <Form.Item name="householdId" label={t('lead.household')} rules={zf.rules('householdId')}>
        <HouseholdSelect size="large" data-testid="lead-household" known={known} />
      </Form.Item>
    );
  return (
    <>
      <Form.Item name={['applicant', 'name']} label={t('apply.name')} rules={zf.rules(['applicant', 'name'])}>
        <Input size="large" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name={['applicant', 'idNumber']}
        label={t('apply.idNumber')}
        rules={zf.rules(['applicant', 'idNumber'])}
      >
        <Input size="large" autoComplete="off" maxLength={18} />
      </Form.Item>
      <Form.Item name={['applicant', 'phone']} label={t('apply.phone')} rules={zf.rules(['applicant', 'phone'])}>
        <Input size="large" inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name={['applicant', 'regionCode']}
        label={t('apply.village')}
        rules={zf.rules(['applicant', 'regionCode'])}
      >
        <RegionPicker style={{ width: '100%' }} />
      </Form.Item>
    </>
  );
}

interface LeadFormProps {
  onDone: (lead: LeadView) => void;
  /** the household the form is opened for (from its page) */
  household?: { id: string; label: string } | undefined;
}

/**
 * A lead recorded by staff from any channel (S1 §四(二)): a cadre's finding, a written application, a 12317 call, a
 * department's report; about a registered household or a person not in the registry yet. Validated with
 * `LeadCreateBody`, the schema the server parses; the discovery day starts the 15 days.
 */
export function LeadForm({ onDone, household }: LeadFormProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = useSignedIn();
  const refresh = useRefreshAfterWrite();
  const department = session.user.department as Department | null;
  const zf = useZodForm<typeof LeadCreateBody, Values>(LeadCreateBody, {
    toBody: ({ who, ...v }) =>
      ({
        ...v,
        householdId: who === 'applicant' ? undefined : v.householdId,
        applicant: who === 'applicant' ? v.applicant : undefined,
        department: v.channel === 'department_warning' ? (department ?? v.department) : undefined,
      }) as never,
  });
  const who = Form.useWatch('who', zf.form) ?? 'household';
  const channel = Form.useWatch('channel', zf.form);
  return (
    <Form<Values>
      form={zf.form}
      layout="vertical"
      initialValues={{
        who: 'household',
        householdId: household?.id,
        channel: department ? 'department_warning' : 'cadre_screening',
        subChannel: department ? 'department_feed' : 'visit',
        department: department ?? undefined,
        discoveredOn: dayjs() as never,
        riskTypes: [],
      }}
      onFinish={zf.submit(async (body) => {
        const lead = await api.post<LeadView>('/api/leads', body);
        message.success(lead.status === 'attached' ? t('lead.attached') : t('lead.created'));
        await refresh();
        onDone(lead);
      })}
      data-testid="lead-form"
    >
      <FormErrors zf={zf} />
      <ChannelFields zf={zf} department={department} channel={channel} />
      <Form.Item name="who" label={t('lead.who')}>
        <Radio.Group optionType="button" buttonStyle="solid" size="large">
          <Radio.Button value="household">{t('lead.registered')}</Radio.Button>
          <Radio.Button value="applicant">{t('lead.notRegistered')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <WhoFields who={who} zf={zf} known={household} />
      <Form.Item
        name="discoveredOn"
        label={t('lead.discoveredOn')}
        rules={zf.rules('discoveredOn')}
        extra={t('lead.discoveredHint')}
      >
        <DatePicker
          size="large"
          style={{ width: '100%' }}
          inputReadOnly
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        />
      </Form.Item>
      <Form.Item name="riskTypes" label={t('lead.riskTypes')} rules={zf.rules('riskTypes')}>
        <EnumSelect
          enumDef={RiskType}
          mode="multiple"
          size="large"
          style={{ width: '100%' }}
          data-testid="lead-risks"
        />
      </Form.Item>
      <Form.Item name="description" label={t('lead.description')} rules={zf.rules('description')}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={zf.submitting} data-testid="lead-submit">
        {t('lead.submit')}
      </Button>
    </Form>
  );
}
