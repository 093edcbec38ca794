import { MemberLeftReason } from '@dixian/core';
import {
  MemberCreateBody,
  MemberLeaveBody,
  MemberUpdateBody,
  type HouseholdDetail,
  type MemberView,
} from '@dixian/core/api';
import { App, Button, DatePicker, Form, Input } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { EnumSelect } from '../../components/EnumSelect';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, type ZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { MemberFormItems } from './MemberFormItems';
import { changedFields, editValues, presetValues, type AddPreset } from './member-values';
import { EffectiveOnItem, withEffectiveOn } from './EffectiveOnItem';
import { StaleNotice, useStaleCheck } from './StaleNotice';

/** What the member drawer is open for: a new member (with the event that brings them), or an event of one. */
export type MemberTask =
  | { kind: 'add'; preset: AddPreset }
  | { kind: 'edit'; member: MemberView }
  | { kind: 'death'; member: MemberView }
  | { kind: 'leave'; member: MemberView };

const TITLE = {
  add: { birth: 'member.addBirth', marriageIn: 'member.addMarriageIn', moveIn: 'member.addMoveIn' },
  edit: 'member.edit',
  death: 'member.recordDeath',
  leave: 'member.recordLeave',
} as const;

/**
 * One drawer for every change to a member: add (birth, marriage in, moving in), edit, death, leaving (marriage
 * out, moving out). Full screen on a phone. Each save carries the member's version; a stale save shows who
 * changed what since.
 */
export function MemberDrawer({
  detail,
  task,
  onClose,
}: {
  detail: HouseholdDetail;
  task: MemberTask | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  // the member as last read: after a stale save the household is read again and the next save uses its version
  if (task && task.kind !== 'add') {
    const id = task.member.id;
    task = { ...task, member: detail.members.find((m) => m.id === id) ?? task.member };
  }
  const title = !task ? '' : task.kind === 'add' ? t(TITLE.add[task.preset]) : t(TITLE[task.kind]);
  return (
    <SheetDrawer
      open={!!task}
      onClose={onClose}
      title={task && task.kind !== 'add' ? `${title}:${task.member.name}` : title}
    >
      {task?.kind === 'add' ? <AddMember detail={detail} preset={task.preset} onDone={onClose} /> : null}
      {task?.kind === 'edit' ? <EditMember detail={detail} member={task.member} onDone={onClose} /> : null}
      {task?.kind === 'death' ? <DeathForm detail={detail} member={task.member} onDone={onClose} /> : null}
      {task?.kind === 'leave' ? <LeaveForm detail={detail} member={task.member} onDone={onClose} /> : null}
    </SheetDrawer>
  );
}

function SaveButton({ loading }: { loading: boolean }) {
  const { t } = useI18n();
  return (
    <Button type="primary" htmlType="submit" size="large" block loading={loading} data-testid="member-save">
      {t('common.save')}
    </Button>
  );
}

function useSaved(onDone: () => void) {
  const { message } = App.useApp();
  const { t } = useI18n();
  const refresh = useRefreshAfterWrite();
  return async () => {
    message.success(t('member.saved'));
    await refresh();
    onDone();
  };
}

function AddMember({ detail, preset, onDone }: { detail: HouseholdDetail; preset: AddPreset; onDone: () => void }) {
  const zf = useZodForm(MemberCreateBody);
  const saved = useSaved(onDone);
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={presetValues(preset)}
      onFinish={zf.submit(async (body) => {
        await api.post<MemberView>(`/api/households/${detail.household.id}/members`, body);
        await saved();
      })}
      data-testid="member-form"
    >
      <FormErrors zf={zf} />
      <MemberFormItems prefix={[]} zf={zf as unknown as ZodForm<never, never>} />
      <SaveButton loading={zf.submitting} />
    </Form>
  );
}

function EditMember({ detail, member, onDone }: { detail: HouseholdDetail; member: MemberView; onDone: () => void }) {
  const initial = useMemo(() => editValues(member), [member]);
  const stale = useStaleCheck(detail);
  const zf = useZodForm<typeof MemberUpdateBody, Record<string, unknown>>(MemberUpdateBody, {
    toBody: ({ effectiveOn, ...v }) =>
      ({ ...withEffectiveOn(changedFields(initial, v), effectiveOn), version: member.version }) as never,
  });
  const saved = useSaved(onDone);
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={initial}
      onFinish={zf.submit(async (body) => {
        if (
          await stale.save(() =>
            api.patch<MemberView>(`/api/households/${detail.household.id}/members/${member.id}`, body),
          )
        )
          await saved();
      })}
      data-testid="member-form"
    >
      <StaleNotice since={stale.since} />
      <FormErrors zf={zf} />
      <MemberFormItems prefix={[]} zf={zf as unknown as ZodForm<never, never>} editing />
      <EffectiveOnItem rules={zf.rules('effectiveOn')} />
      <SaveButton loading={zf.submitting} />
    </Form>
  );
}

function DeathForm({ detail, member, onDone }: { detail: HouseholdDetail; member: MemberView; onDone: () => void }) {
  const { t } = useI18n();
  const stale = useStaleCheck(detail);
  const zf = useZodForm<typeof MemberUpdateBody, Record<string, unknown>>(MemberUpdateBody, {
    toBody: (v) => ({ deceasedOn: v.deceasedOn, version: member.version }) as never,
  });
  const saved = useSaved(onDone);
  return (
    <Form
      form={zf.form}
      layout="vertical"
      onFinish={zf.submit(async (body) => {
        if (
          await stale.save(() =>
            api.patch<MemberView>(`/api/households/${detail.household.id}/members/${member.id}`, body),
          )
        )
          await saved();
      })}
      data-testid="member-form"
    >
      <StaleNotice since={stale.since} />
      <FormErrors zf={zf} />
      <Form.Item name="deceasedOn" label={t('member.deceasedOn')} rules={zf.rules('deceasedOn')} required>
        <DatePicker size="large" inputReadOnly style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
      </Form.Item>
      <SaveButton loading={zf.submitting} />
    </Form>
  );
}

function LeaveForm({ detail, member, onDone }: { detail: HouseholdDetail; member: MemberView; onDone: () => void }) {
  const { t } = useI18n();
  const stale = useStaleCheck(detail);
  const zf = useZodForm<typeof MemberLeaveBody, Record<string, unknown>>(MemberLeaveBody, {
    toBody: (v) => ({ ...v, version: member.version }) as never,
  });
  const saved = useSaved(onDone);
  return (
    <Form
      form={zf.form}
      layout="vertical"
      onFinish={zf.submit(async (body) => {
        if (
          await stale.save(() =>
            api.post<MemberView>(`/api/households/${detail.household.id}/members/${member.id}/leave`, body),
          )
        )
          await saved();
      })}
      data-testid="member-form"
    >
      <StaleNotice since={stale.since} />
      <FormErrors zf={zf} />
      <Form.Item name="reason" label={t('member.leftReason')} rules={zf.rules('reason')}>
        <EnumSelect enumDef={MemberLeftReason} size="large" />
      </Form.Item>
      <Form.Item name="leftOn" label={t('member.leftOn')} rules={zf.rules('leftOn')}>
        <DatePicker size="large" inputReadOnly style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
      </Form.Item>
      <Form.Item name="note" label={t('member.note')} rules={zf.rules('note')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <SaveButton loading={zf.submitting} />
    </Form>
  );
}
