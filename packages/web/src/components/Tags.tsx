import { CaseStage, ELIMINATION_STAGES, MonitoringCategory, MonitoringStatus, RiskType } from '@dixian/core';
import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';

const STATUS_COLORS: Record<MonitoringStatus, string> = {
  not_monitored: 'default',
  identifying: 'blue',
  monitoring_unresolved: 'volcano',
  risk_eliminated: 'green',
};

export function StatusTag({ status }: { status: MonitoringStatus }) {
  const { enumLabel } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{enumLabel(MonitoringStatus, status)}</Tag>;
}

export function stageColor(stage: CaseStage): string {
  if (stage === 'eliminated') return 'green';
  if (stage === 'rejected') return 'default';
  if (stage === 'monitoring') return 'volcano';
  if (ELIMINATION_STAGES.includes(stage)) return 'gold';
  return 'blue';
}

export function StageTag({ stage }: { stage: CaseStage }) {
  const { enumLabel } = useI18n();
  return <Tag color={stageColor(stage)}>{enumLabel(CaseStage, stage)}</Tag>;
}

export function CategoryTag({ category }: { category: MonitoringCategory | null }) {
  const { enumLabel } = useI18n();
  if (!category) return null;
  return <Tag color="purple">{enumLabel(MonitoringCategory, category)}</Tag>;
}

export function RiskTags({ risks }: { risks: readonly RiskType[] }) {
  const { enumLabel } = useI18n();
  return (
    <>
      {risks.map((r) => (
        <Tag key={r} style={{ marginBottom: 2 }}>
          {enumLabel(RiskType, r)}
        </Tag>
      ))}
    </>
  );
}
