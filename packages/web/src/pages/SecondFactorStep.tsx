import type { LoginStep, SecondFactorDone, SessionView, TotpEnrolment } from '@dixian/core/api';
import { Alert, Button, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../api/client';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { CodeInput, EnrolmentView, RecoveryCodesView } from './account/TotpParts';

/**
 * The second step of a sign-in (issue 21 §2): a code from the authenticator (or a recovery code); for a role
 * that must have a second factor and has none, the enrolment itself (QR code, first code, recovery codes).
 * No session exists until this step passes.
 */
export function SecondFactorStep({
  step,
  onDone,
  onBack,
}: {
  step: LoginStep;
  onDone: (session: SessionView) => void;
  onBack: () => void;
}) {
  const { t, lang } = useI18n();
  const { secondFactor, adopt } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [done, setDone] = useState<SecondFactorDone | null>(null);
  const enrolling = step.next === 'enrol_second_factor';

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (e) {
      setError(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const finish = (d: SecondFactorDone) => {
    adopt(d.session);
    onDone(d.session);
  };

  if (done?.recoveryCodes) return <RecoveryCodesView codes={done.recoveryCodes} onDone={() => finish(done)} />;

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {enrolling ? t('login2.enrolTitle') : t('login2.title')}
      </Typography.Title>
      {enrolling ? (
        <Alert type="info" showIcon message={t('login2.enrolRequired')} data-testid="enrol-required" />
      ) : (
        <Typography.Text>{t('login2.prompt')}</Typography.Text>
      )}
      {error ? <Alert type="error" showIcon role="alert" message={error} data-testid="second-step-error" /> : null}
      {enrolling && !enrolment ? (
        <Button
          type="primary"
          size="large"
          loading={busy}
          onClick={() =>
            run(async () =>
              setEnrolment(
                await api.post<TotpEnrolment>('/api/auth/second-factor/enrol', { challenge: step.challenge }),
              ),
            )
          }
          data-testid="enrol-start"
        >
          {t('login2.enrolStart')}
        </Button>
      ) : (
        <CodeForm
          enrolling={enrolling}
          enrolment={enrolment}
          busy={busy}
          onSubmit={(code) =>
            run(async () => {
              const d = await secondFactor({ challenge: step.challenge, code });
              if (d.recoveryCodes) setDone(d);
              else finish(d);
            })
          }
        />
      )}
      <Button type="link" onClick={onBack}>
        {t('login2.back')}
      </Button>
    </Flex>
  );
}

/** The code (or, signing in, a recovery code), under the QR code while enrolling. */
function CodeForm({
  enrolling,
  enrolment,
  busy,
  onSubmit,
}: {
  enrolling: boolean;
  enrolment: TotpEnrolment | null;
  busy: boolean;
  onSubmit: (code: string) => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const label = enrolling ? t('totp.codeLabel') : t('login2.code');
  return (
    <Form layout="vertical" onFinish={() => onSubmit(code)}>
      {enrolment ? <EnrolmentView enrolment={enrolment} /> : null}
      <Form.Item label={label} htmlFor="totp-code" style={{ marginTop: 8 }}>
        <CodeInput value={code} onChange={setCode} label={label} recovery={!enrolling} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={!code.trim()}>
        {enrolling ? t('totp.confirm') : t('login2.submit')}
      </Button>
    </Form>
  );
}
