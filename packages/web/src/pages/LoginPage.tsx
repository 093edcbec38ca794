import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginBody, type LoginStep } from '@dixian/core/api';
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { LanguageSwitch } from '../app/AppLayout';
import { useSession } from '../auth/session';
import { FormErrors } from '../forms/FormErrors';
import { useZodForm } from '../forms/zod-form';
import { useI18n } from '../i18n/i18n';
import { SecondFactorStep } from './SecondFactorStep';

/**
 * Sign-in. A locked account (five failed logins, 423) gets its own explanation; a session that ended (idle
 * timeout) says so; a temporary password leads to the password page. When a second step follows the password
 * (issue 21 §2), the card shows it instead of the form.
 */
function LoginTitle() {
  const { t } = useI18n();
  return (
    <Flex vertical align="center" style={{ marginBottom: 20 }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 30, color: '#b71c1c' }}>
        {t('app.name')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
        {t('app.title')}
      </Typography.Text>
    </Flex>
  );
}

export function LoginPage() {
  const { state, login } = useSession();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const zf = useZodForm(LoginBody);
  const [step, setStep] = useState<LoginStep | null>(null);

  // once a second step is under way, it navigates itself when done (after showing the recovery codes)
  if (state.status === 'signed_in' && !step) return <Navigate to={from} replace />;
  const ended = state.status === 'anonymous' && state.reason ? state.reason : null;
  const locked = zf.error?.error?.code === 'account_locked';

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <main style={{ width: '100%', maxWidth: 400 }}>
        <Flex justify="flex-end">
          <LanguageSwitch />
        </Flex>
        <Card>
          <LoginTitle />
          {step ? (
            <SecondFactorStep
              step={step}
              onBack={() => setStep(null)}
              onDone={(s) => navigate(s.user.mustChangePassword ? '/password' : from, { replace: true })}
            />
          ) : (
            <>
              {ended && !zf.error ? (
                <Alert
                  type="warning"
                  showIcon
                  role="status"
                  style={{ marginBottom: 16 }}
                  message={t('login.sessionEnded')}
                  description={ended.text(lang)}
                />
              ) : null}
              {locked ? (
                <Alert
                  type="error"
                  showIcon
                  role="alert"
                  style={{ marginBottom: 16 }}
                  message={t('login.locked')}
                  description={zf.error?.error?.text(lang)}
                  data-testid="login-locked"
                />
              ) : (
                <FormErrors zf={zf} />
              )}
              <Form
                form={zf.form}
                layout="vertical"
                requiredMark={false}
                onFinish={zf.submit(async (body) => {
                  const s = await login(body);
                  if ('challenge' in s) setStep(s);
                  else navigate(s.user.mustChangePassword ? '/password' : from, { replace: true });
                })}
              >
                <Form.Item name="username" label={t('login.username')} rules={zf.rules('username')}>
                  <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
                </Form.Item>
                <Form.Item name="password" label={t('login.password')} rules={zf.rules('password')}>
                  <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
                  {t('login.submit')}
                </Button>
              </Form>
            </>
          )}
        </Card>
      </main>
    </Flex>
  );
}
