import { WarningVerificationResult } from '@dixian/core';
import { Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

interface Outcome {
  verificationResult: WarningVerificationResult | null;
  verificationReason: string | null;
  verifiedByName?: string | null;
  verifiedOn?: string | null;
  fedBackOn: string | null;
}

/** A verified warning's result in words, its reason, and the day it went back to the department (China days). */
export function WarningOutcome({ w }: { w: Outcome }) {
  const { t, enumLabel } = useI18n();
  if (!w.verificationResult) return <>—</>;
  const tip = [w.verificationReason, w.verifiedByName ? t('warnings.verifiedBy', { name: w.verifiedByName }) : null]
    .filter(Boolean)
    .join(' · ');
  return (
    <div data-testid="warning-outcome">
      <Tooltip title={tip}>
        <div>{enumLabel(WarningVerificationResult, w.verificationResult)}</div>
      </Tooltip>
      {w.verificationReason ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
          {w.verificationReason}
        </Typography.Text>
      ) : null}
      {w.fedBackOn ? (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('warnings.fedBack', { date: w.fedBackOn })}
          </Typography.Text>
        </div>
      ) : null}
    </div>
  );
}
