import { PasswordChangeBody } from '@dixian/core/api';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { LanguageSwitch } from '../app/AppLayout';
import { useSession, useSignedIn } from '../auth/session';
import { FormErrors } from '../forms/FormErrors';
import { useZodForm } from '../forms/zod-form';
import { useI18n } from '../i18n/i18n';

type Values = PasswordChangeBody & { repeat?: string };

/** Change one's password; required before anything else when an administrator set it. */
export function PasswordPage() {
  const session = useSignedIn();
  const { changePassword, logout } = useSession();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const zf = useZodForm<typeof PasswordChangeBody, Values>(PasswordChangeBody, {
    toBody: ({ currentPassword, newPassword }) => ({ currentPassword, newPassword }),
  });
  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <main style={{ width: '100%', maxWidth: 440 }}>
        <Flex justify="flex-end">
          <LanguageSwitch />
        </Flex>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
            {t('password.title')}
          </Typography.Title>
          {session.user.mustChangePassword ? (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('password.required')} />
          ) : null}
          <FormErrors zf={zf} />
          <Form
            form={zf.form}
            layout="vertical"
            onFinish={zf.submit(async (body) => {
              await changePassword(body);
              message.success(t('password.done'));
              navigate('/', { replace: true });
            })}
          >
            <Form.Item name="currentPassword" label={t('password.current')} rules={zf.rules('currentPassword')}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('password.new')}
              rules={zf.rules('newPassword')}
              extra={t('password.rules')}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="repeat"
              label={t('password.repeat')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('form.required') },
                ({ getFieldValue }) => ({
                  validator: async (_r, v: string | undefined) => {
                    if (v && v !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Flex gap={8} justify="space-between">
              <Button onClick={() => void logout().then(() => navigate('/login'))}>{t('nav.logout')}</Button>
              <Button type="primary" htmlType="submit" loading={zf.submitting}>
                {t('common.save')}
              </Button>
            </Flex>
          </Form>
        </Card>
      </main>
    </Flex>
  );
}
