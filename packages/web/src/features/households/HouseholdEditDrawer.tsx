import { HouseholdUpdateBody, type HouseholdDetail, type HouseholdView } from '@dixian/core/api';
import { App, Button, Form } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, type ZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { EffectiveOnItem, withEffectiveOn } from './EffectiveOnItem';
import { HouseholdFactsItems } from './HouseholdFactsItems';
import { changedFields } from './member-values';
import { StaleNotice, useStaleCheck } from './StaleNotice';

const EDITABLE = HouseholdUpdateBody.keyof().options.filter((k) => k !== 'version' && k !== 'effectiveOn');
const MASKED = new Set(['phone', 'monitorContactPhone']);

/** The household's facts as the form starts them: masked phones start empty (left empty, they stay as stored). */
function initialOf(h: HouseholdView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of EDITABLE) {
    const v = (h as Record<string, unknown>)[k];
    if (!MASKED.has(k) && v !== null && v !== undefined) out[k] = v;
  }
  return out;
}

/** Edit a household's facts (housing, water, contact, assets) with the version read; a stale save shows who changed what. */
export function HouseholdEditDrawer({
  detail,
  open,
  onClose,
}: {
  detail: HouseholdDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <SheetDrawer open={open} onClose={onClose} width={640} title={t('hhform.edit')}>
      <EditForm detail={detail} onDone={onClose} />
    </SheetDrawer>
  );
}

function EditForm({ detail, onDone }: { detail: HouseholdDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const h = detail.household;
  const initial = useMemo(() => initialOf(h), [h]);
  const stale = useStaleCheck(detail);
  const zf = useZodForm<typeof HouseholdUpdateBody, Record<string, unknown>>(HouseholdUpdateBody, {
    // 生效日期 is not a fact of its own: sent only with a change, when the user gave one
    toBody: ({ effectiveOn, ...v }) =>
      ({ ...withEffectiveOn(changedFields(initial, v), effectiveOn), version: h.version }) as never,
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={initial}
      onFinish={zf.submit(async (body) => {
        if (!(await stale.save(() => api.patch<HouseholdView>(`/api/households/${h.id}`, body)))) return;
        message.success(t('member.saved'));
        await refresh();
        onDone();
      })}
      data-testid="household-form"
    >
      <StaleNotice since={stale.since} />
      <FormErrors zf={zf} />
      <HouseholdFactsItems zf={zf as unknown as ZodForm<never, never>} />
      <EffectiveOnItem rules={zf.rules('effectiveOn')} />
      <Button type="primary" htmlType="submit" size="large" block loading={zf.submitting} data-testid="household-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
