import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DIBAO_DEDUCTION_KINDS } from '@dixian/core';
import type { DibaoIncomeView } from '@dixian/core/api';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Table,
  Tag,
  type FormInstance,
  type SelectProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, isApiError } from '../../api/client';
import { useHousehold } from '../../api/queries';
import { withoutAriaRequired } from '../../components/EnumSelect';
import { useI18n } from '../../i18n/i18n';
import { money, yuanToFen } from '../../lib/format';

/** A Select inside a Form.Item: the item's aria-required is not an attribute a select's wrapper may carry. */
export function FormSelect(props: SelectProps) {
  return <Select {...withoutAriaRequired(props)} />;
}

type Line = Omit<DibaoIncomeView['lines'][number], 'code'> & { code: CodeKey };
type CodeKey =
  'wage' | 'business' | 'property' | 'transfer' | 'minimum_wage' | 'carer' | (typeof DIBAO_DEDUCTION_KINDS)[number];

/**
 * The 低保 income assessment line by line (S2 二(一)3): what was counted, imputed or deducted, by which rule and
 * from which source, and the verdict against the standard of the day.
 */
export function IncomeAssessmentTable({ a }: { a: DibaoIncomeView }) {
  const { t, L, lang } = useI18n();
  return (
    <Flex vertical gap={8} data-testid="income-assessment">
      <Flex gap={4} wrap>
        <Tag color={a.belowStandard ? 'green' : 'default'}>
          {t(a.belowStandard ? 'income.below' : 'income.notBelow')}
        </Tag>
        <Tag color={a.expenditureType ? 'green' : 'default'}>
          {t(a.expenditureType ? 'income.expenditure' : 'income.notExpenditure')}
        </Tag>
      </Flex>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('income.people')}>{a.people}</Descriptions.Item>
        <Descriptions.Item label={t('income.income')}>{money(a.incomeFen, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('income.rigid')}>{money(a.rigidSpendingFen, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('income.workCost')}>{money(a.workCostFen, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('income.perCapitaBefore')}>
          {money(a.perCapitaBeforeRigidFen, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('income.perCapita')}>
          <strong>{money(a.perCapitaFen, lang)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={t('income.standard')}>{money(a.standardAnnualFen, lang)}</Descriptions.Item>
      </Descriptions>
      {a.recordYear === null ? <Alert type="warning" showIcon message={t('income.noRecord')} /> : null}
      {a.hardship ? <HardshipCard h={a.hardship} /> : null}
      <Table<Line>
        size="small"
        rowKey={(l) => `${l.kind}-${l.code}-${l.member ?? ''}-${l.amountFen}`}
        dataSource={a.lines as Line[]}
        pagination={false}
        columns={[
          {
            title: t('income.item'),
            render: (_, l) => (
              <>
                <Tag color={l.kind === 'deduction' ? 'blue' : l.kind === 'imputed' ? 'orange' : 'default'}>
                  {t(`income.kind.${l.kind}`)}
                </Tag>
                {t(`income.code.${l.code}`)}
              </>
            ),
          },
          { title: t('income.member'), render: (_, l) => l.member ?? '—' },
          {
            title: t('income.amount'),
            align: 'right',
            render: (_, l) => (l.kind === 'deduction' ? `−${money(l.amountFen, lang)}` : money(l.amountFen, lang)),
          },
          { title: t('income.rule'), render: (_, l) => L(l.rule) },
          { title: t('income.source'), render: (_, l) => L(l.source) },
        ]}
      />
    </Flex>
  );
}

const LEVEL_COLOR = { severe: 'red', considerable: 'orange', some: 'gold', none: 'default' } as const;

/** 多维困难指标 (S2 §二(三)9): six dimensions with their scores and reasons, and the weighted level. */
function HardshipCard({ h }: { h: NonNullable<DibaoIncomeView['hardship']> }) {
  const { t, L } = useI18n();
  return (
    <Card size="small" title={t('hardship.title')} data-testid="hardship">
      <Flex vertical gap={4}>
        <div>
          <Tag color={LEVEL_COLOR[h.level]}>{t(`hardship.level.${h.level}`)}</Tag>
          {t('hardship.total', { n: h.total })}
        </div>
        {h.dimensions.map((d) => (
          <div key={d.dimension}>
            {t(`hardship.dim.${d.dimension}`)}: {d.score} · {L(d.reason)}
          </div>
        ))}
      </Flex>
    </Card>
  );
}

/** The claims as the form holds them (amounts in yuan) → as the API takes them (fen). */
export function claimsToBody(claims: unknown): unknown[] {
  if (!Array.isArray(claims)) return [];
  return claims.map((c: Record<string, unknown>) => {
    const { amountYuan, ...rest } = c;
    return {
      ...rest,
      ...(amountYuan != null && amountYuan !== '' ? { amountFen: yuanToFen(amountYuan as number) } : {}),
    };
  });
}

/** The deductions an applicant claims, each with whose, how much, and its evidence. */
export function DeductionClaimsField({ form }: { form: FormInstance }) {
  const { t } = useI18n();
  const householdId = Form.useWatch('householdId', form) as string | undefined;
  const household = useHousehold(householdId);
  const members = useMemo(
    () => (household.data?.members ?? []).filter((m) => !m.deceasedOn).map((m) => ({ value: m.id, label: m.name })),
    [household.data],
  );
  return (
    <Form.List name="deductionClaims">
      {(fields, { add, remove }) => (
        <Card size="small" title={t('income.claims')}>
          {fields.map((f) => (
            <Flex key={f.key} gap={8} wrap align="start" data-testid="deduction-claim">
              <Form.Item
                name={[f.name, 'kind']}
                label={t('income.claimKind')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <FormSelect
                  style={{ minWidth: 180 }}
                  options={DIBAO_DEDUCTION_KINDS.map((k) => ({ value: k, label: t(`income.code.${k}`) }))}
                />
              </Form.Item>
              <Form.Item name={[f.name, 'memberId']} label={t('income.member')}>
                <FormSelect style={{ minWidth: 120 }} allowClear options={members} />
              </Form.Item>
              <Form.Item
                name={[f.name, 'amountYuan']}
                label={t('income.amount')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <InputNumber min={0.01} precision={2} addonAfter={t('common.yuan')} inputMode="decimal" />
              </Form.Item>
              <Form.Item name={[f.name, 'months']} label={t('income.claimMonths')}>
                <InputNumber min={1} max={12} precision={0} />
              </Form.Item>
              <Form.Item
                name={[f.name, 'evidence']}
                label={t('income.evidence')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input maxLength={200} placeholder={t('income.evidencePlaceholder')} />
              </Form.Item>
              <Button
                aria-label={t('income.remove')}
                icon={<DeleteOutlined />}
                onClick={() => remove(f.name)}
                style={{ marginTop: 30 }}
              />
            </Flex>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ months: 12 })}>
            {t('income.addClaim')}
          </Button>
        </Card>
      )}
    </Form.List>
  );
}

/** The application form's preview: assess the household's income as of the application day, on demand. */
export function IncomePreview({ form }: { form: FormInstance }) {
  const { t, localize } = useI18n();
  const householdId = Form.useWatch('householdId', form) as string | undefined;
  const appliedOn = Form.useWatch('appliedOn', form) as Dayjs | undefined;
  const [result, setResult] = useState<DibaoIncomeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const claims = claimsToBody(form.getFieldValue('deductionClaims')).filter(
        (c) =>
          (c as { amountFen?: number; kind?: string; evidence?: string }).amountFen && (c as { kind?: string }).kind,
      );
      setResult(
        await api.post<DibaoIncomeView>('/api/assistance/income-assessment', {
          householdId,
          asOf: appliedOn?.format('YYYY-MM-DD'),
          deductionClaims: claims,
        }),
      );
    } catch (e) {
      setError(isApiError(e) ? localize(e.serverMessage) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('income.title')} style={{ marginBottom: 16 }}>
      <Flex vertical gap={8}>
        <Button
          type="primary"
          ghost
          onClick={run}
          loading={busy}
          disabled={!householdId || !appliedOn}
          data-testid="income-assess"
        >
          {householdId && appliedOn ? t('income.assess') : t('income.pickHousehold')}
        </Button>
        {error ? <Alert type="error" showIcon message={error} /> : null}
        {result ? <IncomeAssessmentTable a={result} /> : null}
      </Flex>
    </Card>
  );
}
