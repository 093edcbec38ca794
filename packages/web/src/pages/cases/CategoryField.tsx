import { MonitoringCategory, monitoringCategoriesFor, type HouseholdType } from '@dixian/core';
import type { HouseholdAssessmentView } from '@dixian/core/api/assessment';
import { useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { useEffect } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

/**
 * The county's category choice: only the categories the household's type allows (a 脱贫不稳定户 must be a
 * lifted household, a 边缘易致贫户 an ordinary one), with the category the assessment gives proposed.
 */
export function CategoryField({ householdId, rules }: { householdId: string; rules: object[] }) {
  const { t, L } = useI18n();
  const form = Form.useFormInstance();
  const assessment = useQuery({
    queryKey: ['households', 'assessment', householdId],
    queryFn: () => api.get<HouseholdAssessmentView>(`/api/households/${householdId}/assessment`),
  });
  const type = assessment.data?.householdType as HouseholdType | undefined;
  const allowed = type ? monitoringCategoriesFor(type) : MonitoringCategory.values;
  const proposed = assessment.data?.assessment.category ?? null;

  useEffect(() => {
    const fits = !type || monitoringCategoriesFor(type).includes(proposed!);
    if (proposed && fits && !form.getFieldValue('category')) {
      form.setFieldValue('category', proposed);
    }
  }, [proposed, type, form]);

  return (
    <Form.Item
      name="category"
      label={t('step.category')}
      rules={rules}
      extra={proposed ? t('step.categoryProposed', { category: L(MonitoringCategory.labels[proposed]) }) : undefined}
    >
      <Select
        size="large"
        style={{ width: '100%' }}
        loading={assessment.isLoading}
        options={allowed.map((v) => ({ value: v, label: L(MonitoringCategory.labels[v]) }))}
        data-testid="category-select"
      />
    </Form.Item>
  );
}
