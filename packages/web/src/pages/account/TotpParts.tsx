import type { TotpEnrolment } from '@dixian/core/api';
import { Alert, Button, Flex, Input, QRCode, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** The secret to enrol: a QR code of the otpauth URI (antd's QRCode, drawn in the browser) and the key to type. */
export function EnrolmentView({ enrolment }: { enrolment: TotpEnrolment }) {
  const { t } = useI18n();
  // the key in groups of four, easier to type on a phone
  const grouped = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <Flex vertical gap={8}>
      <Typography.Text>{t('totp.scan')}</Typography.Text>
      <Flex justify="center" role="img" aria-label={t('totp.qrLabel')}>
        <QRCode value={enrolment.uri} size={200} bordered={false} data-testid="totp-qr" />
      </Flex>
      <Typography.Text type="secondary">{t('totp.manual')}</Typography.Text>
      <Typography.Paragraph
        copyable={{ text: enrolment.secret }}
        data-testid="totp-secret"
        style={{ fontFamily: 'monospace', fontSize: 15, marginBottom: 0, overflowWrap: 'anywhere' }}
      >
        {grouped}
      </Typography.Paragraph>
      <Typography.Text>{t('totp.enterCode')}</Typography.Text>
    </Flex>
  );
}

/** A 6-digit code (or a recovery code, where allowed) in a field the phone's keyboard and autofill understand. */
export function CodeInput({
  value,
  onChange,
  label,
  recovery = false,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  recovery?: boolean;
}) {
  return (
    <Input
      value={value}
      onChange={(e) => onChange(e.target.value)}
      id="totp-code"
      aria-label={label}
      autoComplete="one-time-code"
      inputMode={recovery ? 'text' : 'numeric'}
      maxLength={recovery ? 16 : 6}
      size="large"
      data-testid="totp-code"
      style={{ letterSpacing: 4, textAlign: 'center' }}
    />
  );
}

/** The recovery codes, shown once after enrolment or renewal. */
export function RecoveryCodesView({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={12}>
      <Alert type="warning" showIcon message={t('totp.recoveryTitle')} description={t('totp.recoveryHint')} />
      <ol
        data-testid="recovery-codes"
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
          gap: '4px 16px',
          fontFamily: 'monospace',
          fontSize: 15,
          listStylePosition: 'inside',
          padding: 0,
          margin: 0,
        }}
      >
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <Button type="primary" onClick={onDone} data-testid="recovery-saved">
        {t('totp.recoverySaved')}
      </Button>
    </Flex>
  );
}
