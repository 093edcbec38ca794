import {
  DisabilityCategory,
  HealthStatus,
  LaborCapacity,
  MemberLeftReason,
  Relation,
  SchoolStatus,
  Sex,
} from '@dixian/core';
import type { MemberView, UnmaskResponse } from '@dixian/core/api';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Tag, Typography } from 'antd';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import type { MemberTask } from '../../features/households/MemberDrawer';
import { useI18n } from '../../i18n/i18n';

/** "添加成员" with the event that brings the member: birth, marriage in, moving in. */
function AddMemberButton({ onTask }: { onTask: (task: MemberTask) => void }) {
  const { t } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'birth', label: t('member.addBirth') },
          { key: 'marriageIn', label: t('member.addMarriageIn') },
          { key: 'moveIn', label: t('member.addMoveIn') },
        ],
        onClick: ({ key }) => onTask({ kind: 'add', preset: key as 'birth' | 'marriageIn' | 'moveIn' }),
      }}
    >
      <Button icon={<PlusOutlined />} data-testid="member-add">
        {t('member.add')}
      </Button>
    </Dropdown>
  );
}

/**
 * A member's changes: edit, death, leaving; a member who died or left keeps only the edit. In a household with an
 * open case members leave only by a change request the township approves (申请变更), so leaving is not offered.
 */
function MemberActions({ m, onTask, locked }: { m: MemberView; onTask: (task: MemberTask) => void; locked: boolean }) {
  const { t } = useI18n();
  const gone = !!m.deceasedOn || !!m.leftOn;
  const items = [
    { key: 'edit', label: t('member.edit') },
    ...(gone ? [] : [{ key: 'death', label: t('member.recordDeath') }]),
    ...(gone || locked ? [] : [{ key: 'leave', label: t('member.recordLeave') }]),
  ];
  return (
    <Dropdown
      trigger={['click']}
      menu={{ items, onClick: ({ key }) => onTask({ kind: key as 'edit' | 'death' | 'leave', member: m }) }}
    >
      <Button size="small" aria-label={t('member.changeOf', { name: m.name })} data-testid="member-actions">
        {t('member.change')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

/** The members with masked ID numbers, phones and illness details, or the clear ones after an audited unmask. */
export function MembersCard({
  members,
  clear,
  onTask,
  locked = false,
}: {
  members: MemberView[];
  clear: UnmaskResponse | null;
  /** present when the user may change members */
  onTask?: ((task: MemberTask) => void) | undefined;
  /** the household has an open case: members join and leave only by an approved change request */
  locked?: boolean;
}) {
  const { t } = useI18n();
  const columns = useMemberColumns(clear, onTask, locked);
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.members')}</h2>}
      size="small"
      data-testid="members-card"
      extra={
        onTask && !locked ? (
          <AddMemberButton onTask={onTask} />
        ) : onTask ? (
          <Typography.Text type="secondary">{t('member.byRequest')}</Typography.Text>
        ) : null
      }
    >
      <ResponsiveTable caption={t('household.members')} rows={members} columns={columns} rowKey={(m) => m.id} />
    </Card>
  );
}

function actionsColumn(title: string, onTask: (task: MemberTask) => void, locked: boolean): Column<MemberView> {
  return {
    key: 'actions',
    title,
    fixed: 'right',
    render: (m) => <MemberActions m={m} onTask={onTask} locked={locked} />,
  };
}

function useMemberColumns(
  clear: UnmaskResponse | null,
  onTask: ((task: MemberTask) => void) | undefined,
  locked: boolean,
): Column<MemberView>[] {
  const { t, enumLabel } = useI18n();
  const clearOf = (id: string) => clear?.members.find((m) => m.id === id);
  return [
    {
      key: 'name',
      title: t('household.name'),
      card: 'title',
      render: (m) => (
        <>
          {m.name}
          {m.deceasedOn ? (
            <Tag style={{ marginInlineStart: 6 }}>
              {t('household.deceased')} {m.deceasedOn}
            </Tag>
          ) : null}
          {m.leftOn && m.leftReason ? (
            <Tag style={{ marginInlineStart: 6 }} data-testid="member-left">
              {enumLabel(MemberLeftReason, m.leftReason)} {m.leftOn}
            </Tag>
          ) : null}
        </>
      ),
    },
    { key: 'relation', title: t('household.relation'), card: 'extra', render: (m) => enumLabel(Relation, m.relation) },
    { key: 'sex', title: t('household.sex'), render: (m) => enumLabel(Sex, m.sex) },
    {
      key: 'age',
      title: t('household.age'),
      // the birth date shows only after the audited unmask (with the masked ID number it would give the number)
      render: (m) => {
        const born = clearOf(m.id)?.birthDate;
        return born ? `${m.age}（${born}）` : `${m.age}`;
      },
    },
    {
      key: 'id',
      title: t('household.idNumber'),
      render: (m) => (
        <Typography.Text code data-testid="member-id-number">
          {clearOf(m.id)?.idNumber ?? m.idNumber ?? '—'}
        </Typography.Text>
      ),
    },
    {
      key: 'health',
      title: t('household.health'),
      render: (m) => {
        const disease = clearOf(m.id)?.disease ?? m.disease;
        return (
          <>
            {enumLabel(HealthStatus, m.healthStatus)}
            {disease ? <Typography.Text type="secondary"> ({disease})</Typography.Text> : null}
          </>
        );
      },
    },
    {
      key: 'disability',
      title: t('household.disability'),
      render: (m) =>
        m.disabilityCategory
          ? `${enumLabel(DisabilityCategory, m.disabilityCategory)}${m.disabilityGrade ? ` ${t('member.grade', { n: m.disabilityGrade })}` : ''}`
          : '—',
    },
    { key: 'labor', title: t('household.labor'), render: (m) => enumLabel(LaborCapacity, m.laborCapacity) },
    { key: 'school', title: t('household.school'), render: (m) => enumLabel(SchoolStatus, m.schoolStatus) },
    { key: 'phone', title: t('household.phone'), render: (m) => clearOf(m.id)?.phone ?? m.phone ?? '—' },
    ...(onTask ? [actionsColumn(t('common.actions'), onTask, locked)] : []),
  ];
}
