import { DownOutlined } from '@ant-design/icons';
import { ChangeRequestKind, CLOSED_STAGES, MemberLeftReason, MonitoringCategory, Relation } from '@dixian/core';
import {
  ChangeRequestBody,
  type ChangeRequestPage,
  type ChangeRequestView,
  type HouseholdDetail,
} from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Dropdown, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useHousehold } from '../../api/queries';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { HouseholdSelect } from '../../components/HouseholdSelect';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { useIsPhone } from '../../lib/responsive';
import { EffectiveOnItem } from '../households/EffectiveOnItem';
import { VillageSelect } from './VillageSelect';

type Kind = ChangeRequestKind;
type Values = Record<string, unknown> & {
  rel?: Record<string, string | undefined>;
  leave?: Record<string, string | undefined>;
  leftOn?: string;
};
const STAY = 'stay';
const MENU_KEYS = {
  split: 'changes.split',
  merge: 'changes.merge',
  move: 'changes.move',
  category: 'changes.changeCategory',
  members: 'changes.membersChange',
} as const satisfies Record<Kind, string>;

/** The form's values as the request body: a split's members are the ones given a relation to the new head. */
function toBody(kind: Kind, householdId: string, v: Values): ChangeRequestBody {
  const { rel, leave, leftOn, ...rest } = v;
  if (kind === 'members') {
    const leaves = Object.entries(leave ?? {})
      .filter(([, r]) => r && r !== STAY)
      .map(([memberId, reason]) => ({ memberId, reason, leftOn }));
    return { ...rest, kind, householdId, joins: v.joins ?? [], leaves } as ChangeRequestBody;
  }
  const members = Object.entries(rel ?? {})
    .filter(([, r]) => r && r !== STAY)
    .map(([memberId, relation]) => ({ memberId, relation }));
  return {
    ...rest,
    kind,
    householdId,
    ...(kind === 'split' || kind === 'merge' ? { members } : {}),
  } as ChangeRequestBody;
}

/** Each member but the head: stays, or leaves with a relation to the new head. */
function SplitFields({ detail }: { detail: HouseholdDetail }) {
  const { t, enumLabel } = useI18n();
  const members = detail.members.filter((m) => m.relation !== 'head' && !m.leftOn && !m.deceasedOn);
  const options = [
    { value: STAY, label: t('changes.stays') },
    ...Relation.values.map((r) => ({ value: r, label: enumLabel(Relation, r) })),
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('changes.splitMembersHint')}</Typography.Paragraph>
      {members.map((m) => (
        <Form.Item
          key={m.id}
          name={['rel', m.id]}
          label={`${m.name}(${enumLabel(Relation, m.relation)})`}
          initialValue={STAY}
        >
          <Select
            options={options}
            aria-label={`${m.name} ${t('changes.newRelation')}`}
            data-testid={`split-${m.id}`}
          />
        </Form.Item>
      ))}
    </>
  );
}

/** The household that joins, and each of its members' relation to this household's head. */
function MergeFields({ detail }: { detail: HouseholdDetail }) {
  const { t, enumLabel } = useI18n();
  const form = Form.useFormInstance();
  const otherId = Form.useWatch('otherHouseholdId', form) as string | undefined;
  const other = useHousehold(otherId);
  const members = (other.data?.members ?? []).filter((m) => !m.leftOn && !m.deceasedOn);
  const options = Relation.values.filter((r) => r !== 'head').map((r) => ({ value: r, label: enumLabel(Relation, r) }));
  return (
    <>
      {/* no required rule on these selects: antd puts aria-required on a select's box, which axe refuses; the
          schema and the server still require them, and name what is missing */}
      <Form.Item name="otherHouseholdId" label={t('changes.otherHousehold')}>
        <HouseholdSelect data-testid="merge-household" />
      </Form.Item>
      {otherId === detail.household.id ? null : (
        <>
          {members.length ? (
            <Typography.Paragraph type="secondary">{t('changes.mergeMembersHint')}</Typography.Paragraph>
          ) : null}
          {members.map((m) => (
            <Form.Item key={m.id} name={['rel', m.id]} label={`${m.name}(${enumLabel(Relation, m.relation)})`}>
              <Select
                options={options}
                aria-label={`${m.name} ${t('changes.relationHere')}`}
                data-testid={`merge-${m.id}`}
              />
            </Form.Item>
          ))}
        </>
      )}
    </>
  );
}

/** Who leaves (婚出, 迁出) and on which day, and who joins (name, ID number, relation to the head). */
function MembersFields({ detail }: { detail: HouseholdDetail }) {
  const { t, enumLabel } = useI18n();
  const members = detail.members.filter((m) => m.relation !== 'head' && !m.leftOn && !m.deceasedOn);
  const reasons = [
    { value: STAY, label: t('changes.staysHere') },
    ...MemberLeftReason.values.map((r) => ({ value: r, label: enumLabel(MemberLeftReason, r) })),
  ];
  const relations = Relation.values
    .filter((r) => r !== 'head')
    .map((r) => ({ value: r, label: enumLabel(Relation, r) }));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('changes.membersHint')}</Typography.Paragraph>
      {members.map((m) => (
        <Form.Item
          key={m.id}
          name={['leave', m.id]}
          label={`${m.name}(${enumLabel(Relation, m.relation)})`}
          initialValue={STAY}
        >
          <Select options={reasons} data-testid={`leave-${m.id}`} />
        </Form.Item>
      ))}
      {members.length ? (
        <Form.Item name="leftOn" label={t('changes.leftOn')}>
          <DatePicker inputReadOnly style={{ width: '100%' }} />
        </Form.Item>
      ) : null}
      <Form.List name="joins">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Flex key={f.key} vertical gap={0} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
                <Form.Item name={[f.name, 'name']} label={t('changes.joinName')}>
                  <Input autoComplete="off" />
                </Form.Item>
                <Form.Item name={[f.name, 'idNumber']} label={t('changes.joinIdNumber')}>
                  <Input autoComplete="off" />
                </Form.Item>
                <Form.Item name={[f.name, 'relation']} label={t('changes.relationHere')}>
                  <Select options={relations} />
                </Form.Item>
                <Button onClick={() => remove(f.name)} style={{ alignSelf: 'flex-end', marginBottom: 8 }}>
                  {t('changes.removeJoin')}
                </Button>
              </Flex>
            ))}
            <Button onClick={() => add()} block style={{ marginBottom: 16 }} data-testid="add-join">
              {t('changes.addJoin')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}

function ChangeForm({ kind, detail, onDone }: { kind: Kind; detail: HouseholdDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const h = detail.household;
  const zf = useZodForm<typeof ChangeRequestBody, Values>(ChangeRequestBody, {
    toBody: (v) => toBody(kind, h.id, v),
    fieldOf: (p) => (p[0] === 'members' ? null : p),
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      data-testid={`change-form-${kind}`}
      onFinish={zf.submit(async (body) => {
        const r = await api.post<ChangeRequestView>('/api/change-requests', body);
        message.success(t('changes.submitted'));
        await Promise.all(['changes', 'inbox'].map((k) => client.invalidateQueries({ queryKey: [k] })));
        onDone();
        navigate(`/changes/${r.id}`);
      })}
    >
      <FormErrors zf={zf} />
      {kind === 'split' ? (
        <>
          <SplitFields detail={detail} />
          <Form.Item name="newHouseholdNo" label={t('changes.newHouseholdNo')} rules={zf.rules('newHouseholdNo')}>
            <Input autoComplete="off" />
          </Form.Item>
        </>
      ) : null}
      {kind === 'merge' ? <MergeFields detail={detail} /> : null}
      {kind === 'members' ? <MembersFields detail={detail} /> : null}
      {kind === 'move' ? (
        <Form.Item name="targetRegionCode" label={t('changes.targetVillage')} rules={zf.rules('targetRegionCode')}>
          <VillageSelect county={h.regionCode.slice(0, 6)} except={h.regionCode} />
        </Form.Item>
      ) : null}
      {kind === 'category' ? (
        <Form.Item name="category" label={t('changes.newCategory')} rules={zf.rules('category')}>
          <EnumSelect enumDef={MonitoringCategory} allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
      ) : null}
      {kind === 'members' ? null : <EffectiveOnItem rules={zf.rules('effectiveOn')} />}
      <Form.Item name="note" label={t('changes.note')} rules={zf.rules('note')}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('changes.submit')}
      </Button>
    </Form>
  );
}

/**
 * The household page's entry to changes that need approval (issue 14 §3): 申请变更 with 分户, 迁移 and, for a
 * monitored household, 变更类别, each opening its form; the request then waits for the township.
 */
export function RequestChangeMenu({ detail }: { detail: HouseholdDetail }) {
  const { t, enumLabel } = useI18n();
  const { can } = useSignedIn();
  const phone = useIsPhone();
  const [kind, setKind] = useState<Kind | null>(null);
  const allowed = can('change.request');
  const pending = useQuery({
    queryKey: ['changes', 'list', { householdId: detail.household.id, status: 'pending' }],
    queryFn: () =>
      api.get<ChangeRequestPage>('/api/change-requests', { householdId: detail.household.id, status: 'pending' }),
    enabled: allowed,
  });
  const h = detail.household;
  if (h.closedOn && h.mergedIntoId) {
    // a household merged into another: closed, kept on record, and says where its members went
    return (
      <Flex justify="flex-end" style={{ marginTop: -8, marginBottom: 16 }}>
        <Link to={`/households/${h.mergedIntoId}`} data-testid="merged-into">
          {t('changes.mergedInto', { date: h.closedOn })}
        </Link>
      </Flex>
    );
  }
  if (!allowed) return null;
  const waiting = pending.data?.items[0];
  if (waiting) {
    // one pending request per household: show it instead of asking for another
    return (
      <Flex justify="flex-end" style={{ marginTop: -8, marginBottom: 16 }}>
        <Link to={`/changes/${waiting.id}`} data-testid="pending-change">
          {t('changes.pending', { kind: enumLabel(ChangeRequestKind, waiting.kind) })}
        </Link>
      </Flex>
    );
  }
  // a household with an open case: its category and its members change by a request
  const monitored = detail.cases.some((c) => !CLOSED_STAGES.includes(c.stage));
  const items = [
    { key: 'split', label: t('changes.split') },
    { key: 'merge', label: t('changes.merge') },
    { key: 'move', label: t('changes.move') },
    ...(monitored
      ? [
          { key: 'members', label: t('changes.membersChange') },
          { key: 'category', label: t('changes.changeCategory') },
        ]
      : []),
  ];
  return (
    <Flex justify="flex-end" style={{ marginTop: -8, marginBottom: 16 }}>
      <Dropdown menu={{ items, onClick: ({ key }) => setKind(key as Kind) }} trigger={['click']}>
        <Button data-testid="request-change">
          {t('changes.menu')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={!!kind}
        onCancel={() => setKind(null)}
        footer={null}
        width={phone ? '100%' : 560}
        title={kind ? t('changes.formTitle', { kind: t(MENU_KEYS[kind]) }) : ''}
        destroyOnHidden
      >
        {kind ? <ChangeForm kind={kind} detail={detail} onDone={() => setKind(null)} /> : null}
      </Modal>
    </Flex>
  );
}
