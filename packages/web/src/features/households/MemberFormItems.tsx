import {
  DisabilityCategory,
  HealthStatus,
  ID_NUMBER_PROBLEM_TEXT,
  LaborCapacity,
  MedicalInsurance,
  parseIdNumber,
  Relation,
  SchoolStatus,
  Sex,
} from '@dixian/core';
import { Col, Collapse, DatePicker, Form, Input, InputNumber, Row, Select, Switch, type FormRule } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { EnumSelect } from '../../components/EnumSelect';
import type { FieldPath, ZodForm } from '../../forms/zod-form';
import { useI18n, type I18n } from '../../i18n/i18n';

/** Checked as core checks it (GB 11643 check digit, region, birth date not in the future). */
export function idNumberRule(i18n: I18n): FormRule {
  return {
    validator: async (_r, value: unknown) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const parsed = parseIdNumber(value);
      if (!parsed.ok) throw new Error(i18n.L(ID_NUMBER_PROBLEM_TEXT[parsed.problem]));
    },
  };
}

type Zf = ZodForm<never, never>;

interface Props {
  /** where the member sits in the form: [] for a member form, ['members', i] in a household form */
  prefix: FieldPath;
  /** the path of the member inside the schema (for the field rules) */
  schemaPrefix?: FieldPath;
  zf: Zf;
  /** editing a stored member: the ID number field starts empty and means "unchanged" when left so */
  editing?: boolean;
}

const half = { xs: 24, sm: 12 } as const;

function Item({
  span = half,
  children,
  ...p
}: { span?: object; children: ReactNode } & Parameters<typeof Form.Item>[0]) {
  return (
    <Col {...span}>
      <Form.Item {...p}>{children}</Form.Item>
    </Col>
  );
}

interface SectionProps {
  name: (f: string) => FieldPath;
  rules: (f: string, extra?: FormRule[]) => FormRule[];
}

function Basics({ name, rules, editing }: SectionProps & { editing: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Row gutter={12}>
      <Item name={name('name')} label={t('member.name')} rules={rules('name')}>
        <Input size="large" autoComplete="off" />
      </Item>
      <Item name={name('relation')} label={t('household.relation')} rules={rules('relation')}>
        <EnumSelect enumDef={Relation} size="large" />
      </Item>
      <Item
        name={name('idNumber')}
        label={t('household.idNumber')}
        rules={rules('idNumber', [idNumberRule(i18n)])}
        extra={editing ? t('member.idUnchanged') : t('member.idHint')}
      >
        <Input size="large" autoComplete="off" inputMode="text" maxLength={18} />
      </Item>
      <Item name={name('sex')} label={t('household.sex')} rules={rules('sex')}>
        <EnumSelect enumDef={Sex} size="large" />
      </Item>
      <Item name={name('birthDate')} label={t('member.birthDate')} rules={rules('birthDate')}>
        <DatePicker
          size="large"
          inputReadOnly
          style={{ width: '100%' }}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        />
      </Item>
      <Item name={name('phone')} label={t('household.phone')} rules={rules('phone')}>
        <Input size="large" inputMode="tel" autoComplete="off" />
      </Item>
    </Row>
  );
}

function Health({ name, rules }: SectionProps) {
  const { t } = useI18n();
  return (
    <Row gutter={12}>
      <Item name={name('healthStatus')} label={t('household.health')} rules={rules('healthStatus')}>
        <EnumSelect enumDef={HealthStatus} size="large" />
      </Item>
      <Item name={name('disease')} label={t('household.disease')} rules={rules('disease')}>
        <Input size="large" />
      </Item>
      <Item
        name={name('disabilityCategory')}
        label={t('member.disabilityCategory')}
        rules={rules('disabilityCategory')}
      >
        <EnumSelect enumDef={DisabilityCategory} size="large" />
      </Item>
      <Item name={name('disabilityGrade')} label={t('member.disabilityGrade')} rules={rules('disabilityGrade')}>
        <Select
          size="large"
          allowClear
          options={[1, 2, 3, 4].map((g) => ({ value: g, label: t('member.grade', { n: g }) }))}
        />
      </Item>
      <Item name={name('laborCapacity')} label={t('household.labor')} rules={rules('laborCapacity')}>
        <EnumSelect enumDef={LaborCapacity} size="large" />
      </Item>
      <Item name={name('workMonths')} label={t('member.workMonths')} rules={rules('workMonths')}>
        <InputNumber size="large" min={0} max={12} style={{ width: '100%' }} />
      </Item>
      <Item name={name('workPlace')} label={t('member.workPlace')} rules={rules('workPlace')}>
        <Input size="large" />
      </Item>
      <Item name={name('schoolStatus')} label={t('household.school')} rules={rules('schoolStatus')}>
        <EnumSelect enumDef={SchoolStatus} size="large" />
      </Item>
    </Row>
  );
}

function Benefits({ name, rules }: SectionProps) {
  const { t } = useI18n();
  const sw = (f: string, label: string) => (
    <Item span={{ xs: 12, sm: 8 }} name={name(f)} label={label} valuePropName="checked">
      <Switch />
    </Item>
  );
  return (
    <Row gutter={12}>
      <Item name={name('medicalInsurance')} label={t('member.medicalInsurance')} rules={rules('medicalInsurance')}>
        <EnumSelect enumDef={MedicalInsurance} size="large" />
      </Item>
      <Item name={name('pensionInsurance')} label={t('member.pensionInsurance')} rules={rules('pensionInsurance')}>
        <Input size="large" />
      </Item>
      {sw('criticalIllnessInsurance', t('member.criticalIllness'))}
      {sw('receivesMedicalAid', t('member.medicalAid'))}
      {sw('receivesDibao', t('member.dibao'))}
      {sw('isTekun', t('member.tekun'))}
      {sw('registeredHere', t('member.registeredHere'))}
      {sw('livesAndShares', t('member.livesAndShares'))}
    </Row>
  );
}

/**
 * The fields of one member (DOMAIN §2.2): identity, health and disability, labour and schooling, insurance and
 * benefits, and whether they count in the household. Rules are the server's own zod schema.
 */
export function MemberFormItems({ prefix, schemaPrefix = [], zf, editing = false }: Props) {
  const { t } = useI18n();
  const section: SectionProps = {
    name: (f) => [...prefix, f],
    rules: (f, extra = []) => zf.rules([...schemaPrefix, f] as never, extra),
  };
  return (
    <>
      <Basics {...section} editing={editing} />
      <Collapse
        size="small"
        style={{ marginBottom: 12 }}
        items={[
          { key: 'health', label: t('member.sectionHealth'), children: <Health {...section} />, forceRender: true },
          {
            key: 'benefits',
            label: t('member.sectionBenefits'),
            children: <Benefits {...section} />,
            forceRender: true,
          },
        ]}
      />
    </>
  );
}
