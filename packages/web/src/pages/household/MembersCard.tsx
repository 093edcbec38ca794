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
import { Card, Tag, Typography } from 'antd';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';

/** The members with masked ID numbers, phones and illness details, or the clear ones after an audited unmask. */
export function MembersCard({ members, clear }: { members: MemberView[]; clear: UnmaskResponse | null }) {
  const { t, enumLabel } = useI18n();
  const clearOf = (id: string) => clear?.members.find((m) => m.id === id);
  const columns: Column<MemberView>[] = [
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
          ? `${enumLabel(DisabilityCategory, m.disabilityCategory)}${m.disabilityGrade ? ` ${m.disabilityGrade}` : ''}`
          : '—',
    },
    { key: 'labor', title: t('household.labor'), render: (m) => enumLabel(LaborCapacity, m.laborCapacity) },
    { key: 'school', title: t('household.school'), render: (m) => enumLabel(SchoolStatus, m.schoolStatus) },
    { key: 'phone', title: t('household.phone'), render: (m) => clearOf(m.id)?.phone ?? m.phone ?? '—' },
  ];
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.members')}</h2>} size="small">
      <ResponsiveTable caption={t('household.members')} rows={members} columns={columns} rowKey={(m) => m.id} />
    </Card>
  );
}
