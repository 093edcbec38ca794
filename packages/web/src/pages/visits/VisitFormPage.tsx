import { ArrowLeftOutlined } from '@ant-design/icons';
import { LeadStatus, RiskType, VisitMethod } from '@dixian/core';
import { INCOME_CHANGE, VisitCreateBody, type VisitCreated } from '@dixian/core/api';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Collapse,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useHousehold } from '../../api/queries';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { QueryState } from '../../components/QueryState';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, type FieldPath } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { COMPONENTS, fenOf, YuanItem } from '../../features/households/IncomeDrawer';
import type { MessageKey } from '../../i18n/messages';
import { yuanToFen } from '../../lib/format';
import './visits.css';

/** 两不愁三保障 and safe water (S1 §三): what a visit checks, each as "secured" or "a problem". */
const GUARANTEES: {
  name: 'foodClothingOk' | 'educationOk' | 'medicalOk' | 'housingOk' | 'waterOk';
  label: MessageKey;
}[] = [
  { name: 'foodClothingOk', label: 'visit.foodClothing' },
  { name: 'educationOk', label: 'visit.education' },
  { name: 'medicalOk', label: 'visit.medical' },
  { name: 'housingOk', label: 'visit.housing' },
  { name: 'waterOk', label: 'visit.water' },
];

interface Values {
  visitedOn?: string;
  method?: VisitMethod;
  incomeChange?: 'increased' | 'stable' | 'decreased';
  estimatedAnnualIncomeYuan?: number;
  newRisks?: RiskType[];
  note?: string;
  foodClothingOk?: boolean;
  educationOk?: boolean;
  medicalOk?: boolean;
  housingOk?: boolean;
  waterOk?: boolean;
}

/** The form, validated with `VisitCreateBody`; the income is typed in yuan and sent in fen. */
function useVisitForm() {
  return useZodForm<typeof VisitCreateBody, Values>(VisitCreateBody, {
    toBody: ({ estimatedAnnualIncomeYuan, ...v }) => {
      const raw = v as Record<string, unknown>;
      const typed = COMPONENTS.filter((c) => raw[`${c}Yuan`] !== undefined && raw[`${c}Yuan`] !== null);
      const rest = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.endsWith('Yuan')));
      return {
        ...rest,
        estimatedAnnualIncomeFen:
          estimatedAnnualIncomeYuan === undefined || estimatedAnnualIncomeYuan === null
            ? undefined
            : yuanToFen(estimatedAnnualIncomeYuan),
        // income by component feeds the year's income record (issue 14 §2)
        income: typed.length ? Object.fromEntries(COMPONENTS.map((c) => [`${c}Fen`, fenOf(raw, c)])) : undefined,
      } as never;
    },
    fieldOf: (p: FieldPath) => {
      if (p[0] === 'estimatedAnnualIncomeFen') return ['estimatedAnnualIncomeYuan'];
      const last = String(p[p.length - 1] ?? '');
      return p[0] === 'income' && last.endsWith('Fen') ? [`${last.slice(0, -3)}Yuan`] : p;
    },
  });
}

type VisitForm = ReturnType<typeof useVisitForm>;

/** What the form starts with: today, at home, income stable, everything secured. */
const initialValues = (): Values => ({
  visitedOn: dayjs() as never,
  method: 'home',
  incomeChange: 'stable',
  newRisks: [],
  foodClothingOk: true,
  educationOk: true,
  medicalOk: true,
  housingOk: true,
  waterOk: true,
});

/** The answer once saved, naming the risk lead a problem found raised. */
function VisitSaved({ done, householdId }: { done: VisitCreated; householdId: string | undefined }) {
  const { t, enumLabel } = useI18n();
  const navigate = useNavigate();
  return (
    // antd's Result passes no data attributes on: the test id sits on the wrapper
    <div className="visit-form" data-testid="visit-saved">
      <Result
        status="success"
        title={t('visit.saved')}
        subTitle={done.visit.visitedOn}
        extra={
          <Flex vertical gap={12}>
            {done.lead ? (
              <Alert
                type="warning"
                showIcon
                data-testid="visit-lead"
                message={t('visit.leadRaised', { status: enumLabel(LeadStatus, done.lead.status) })}
                description={t('visit.leadHint', { date: done.lead.identificationDueOn ?? '—' })}
              />
            ) : null}
            <Button type="primary" size="large" block className="thumb" onClick={() => navigate('/visits')}>
              {t('visit.backToList')}
            </Button>
            <Link to={`/households/${householdId}`}>{t('visit.openHousehold')}</Link>
          </Flex>
        }
      />
    </div>
  );
}

function VisitHeading({ household }: { household: ReturnType<typeof useHousehold> }) {
  const { t } = useI18n();
  return (
    <QueryState query={household} rows={3}>
      {(h) => (
        <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
          {t('visit.title', { name: h.members.find((m) => m.relation === 'head')?.name ?? h.household.householdNo })}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 14, fontWeight: 400 }}>
            {h.household.regionName} · {h.household.address ?? ''} ·{' '}
            {t('visit.lastVisit', { date: h.household.lastVisitOn ?? '—' })}
          </Typography.Text>
        </Typography.Title>
      )}
    </QueryState>
  );
}

function WhenAndHowSection({ zf }: { zf: VisitForm }) {
  const { t, L } = useI18n();
  return (
    <Card size="small" className="visit-section">
      <Form.Item name="visitedOn" label={t('visit.visitedOn')} rules={zf.rules('visitedOn')}>
        <DatePicker
          size="large"
          inputReadOnly
          style={{ width: '100%' }}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        />
      </Form.Item>
      <Form.Item name="method" label={t('visit.method')} rules={zf.rules('method')}>
        <Radio.Group optionType="button" buttonStyle="solid" size="large" className="thumb-group">
          {VisitMethod.values.map((m) => (
            <Radio.Button key={m} value={m}>
              {L(VisitMethod.labels[m])}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
    </Card>
  );
}

function IncomeSection({ zf }: { zf: VisitForm }) {
  const { t, L } = useI18n();
  return (
    <Card size="small" className="visit-section" title={<h2 className="visit-h2">{t('visit.income')}</h2>}>
      <Form.Item name="incomeChange" label={t('visit.incomeChange')} rules={zf.rules('incomeChange')}>
        <Radio.Group optionType="button" buttonStyle="solid" size="large" className="thumb-group">
          {(Object.keys(INCOME_CHANGE) as (keyof typeof INCOME_CHANGE)[]).map((k) => (
            <Radio.Button key={k} value={k} data-testid={`income-${k}`}>
              {L(INCOME_CHANGE[k])}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="estimatedAnnualIncomeYuan" label={t('visit.estimatedIncome')}>
        <InputNumber
          size="large"
          min={0}
          precision={0}
          inputMode="numeric"
          style={{ width: '100%' }}
          addonAfter={t('common.yuan')}
        />
      </Form.Item>
      <Collapse
        size="small"
        items={[
          {
            key: 'components',
            label: t('visit.incomeByComponent'),
            forceRender: true,
            children: (
              <Row gutter={12}>
                {COMPONENTS.map((c) => (
                  <YuanItem key={c} c={c} label={t(`income.${c}`)} />
                ))}
              </Row>
            ),
          },
        ]}
      />
    </Card>
  );
}

function GuaranteesSection({ zf, problems }: { zf: VisitForm; problems: number }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      className="visit-section"
      title={<h2 className="visit-h2">{t('visit.guarantees')}</h2>}
      extra={problems ? <Typography.Text type="danger">{t('visit.problems', { n: problems })}</Typography.Text> : null}
    >
      {GUARANTEES.map((g) => (
        <Form.Item key={g.name} name={g.name} label={t(g.label)} rules={zf.rules(g.name)} className="guarantee-item">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size="large"
            className="thumb-group"
            data-testid={`guarantee-${g.name}`}
          >
            <Radio.Button value={true}>{t('visit.secured')}</Radio.Button>
            <Radio.Button value={false} className="problem">
              {t('visit.problem')}
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
      ))}
    </Card>
  );
}

function NewRisksSection({ zf }: { zf: VisitForm }) {
  const { t, L } = useI18n();
  return (
    <Card size="small" className="visit-section" title={<h2 className="visit-h2">{t('visit.newRisks')}</h2>}>
      <Form.Item name="newRisks" rules={zf.rules('newRisks')} style={{ marginBottom: 0 }}>
        <Checkbox.Group className="risk-grid" aria-label={t('visit.newRisks')}>
          {RiskType.values.map((r) => (
            <Checkbox key={r} value={r} className="risk-option">
              {L(RiskType.labels[r])}
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
    </Card>
  );
}

/** The note, the warning that saving raises a lead, and the submit button. */
function VisitFormEnd({ zf, raisesLead }: { zf: VisitForm; raisesLead: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Card size="small" className="visit-section">
        <Form.Item name="note" label={t('visit.note')} rules={zf.rules('note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Card>
      {raisesLead ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('visit.willRaiseLead')} />
      ) : null}
      <div className="visit-submit">
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={zf.submitting}
          className="thumb"
          data-testid="visit-submit"
        >
          {t('visit.submit')}
        </Button>
      </div>
    </>
  );
}

/**
 * A visit on a phone (issue 6 §6): a short single-column form with large targets for thumbs: the day, how,
 * the income change, the three guarantees and water, new risks, a note. Validated with `VisitCreateBody`, the
 * schema the server parses. A problem found becomes a risk lead (S1 §四(二)2), which the answer names.
 */
export function VisitFormPage() {
  const { householdId } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const refresh = useRefreshAfterWrite();
  const household = useHousehold(householdId);
  const [done, setDone] = useState<VisitCreated | null>(null);
  const zf = useVisitForm();
  const problems = Form.useWatch((v: Values) => GUARANTEES.filter((g) => v[g.name] === false).length, zf.form) ?? 0;
  const risks = Form.useWatch('newRisks', zf.form) ?? [];

  if (done) return <VisitSaved done={done} householdId={householdId} />;

  return (
    <div className="visit-form">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
        {t('common.back')}
      </Button>
      <VisitHeading household={household} />
      <Form<Values>
        form={zf.form}
        layout="vertical"
        requiredMark={false}
        initialValues={initialValues()}
        onFinish={zf.submit(async (body) => {
          const created = await api.post<VisitCreated>(`/api/households/${householdId}/visits`, body);
          await refresh();
          setDone(created);
          window.scrollTo(0, 0);
        })}
        data-testid="visit-form"
      >
        <FormErrors zf={zf} />
        <WhenAndHowSection zf={zf} />
        <IncomeSection zf={zf} />
        <GuaranteesSection zf={zf} problems={problems} />
        <NewRisksSection zf={zf} />
        <VisitFormEnd zf={zf} raisesLead={!!(problems || risks.length)} />
      </Form>
    </div>
  );
}
