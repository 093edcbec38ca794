import { Department, Role } from '@dixian/core';
import { UserCreateBody, type UserView } from '@dixian/core/api';
import { App, Button, Drawer, Form, Input } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { EnumSelect } from '../../components/EnumSelect';
import { RegionPicker } from '../../components/RegionPicker';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { useIsPhone } from '../../lib/responsive';

type Values = Partial<UserCreateBody>;

/** The new account's fields, validated with the schema the server parses (`UserCreateBody`). */
function UserFields({ zf }: { zf: ReturnType<typeof useZodForm<typeof UserCreateBody, Values>> }) {
  const { t } = useI18n();
  const role = Form.useWatch('role', zf.form);
  return (
    <>
      <Form.Item name="username" label={t('users.username')} rules={zf.rules('username')}>
        <Input autoComplete="off" data-testid="user-username" />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.displayName')} rules={zf.rules('displayName')}>
        <Input autoComplete="off" data-testid="user-name" />
      </Form.Item>
      <Form.Item name="role" label={t('users.role')} rules={zf.rules('role')}>
        <EnumSelect enumDef={Role} data-testid="user-role" />
      </Form.Item>
      <Form.Item name="scopeCode" label={t('users.scope')} rules={zf.rules('scopeCode')}>
        <RegionPicker style={{ width: '100%' }} />
      </Form.Item>
      {role === 'department_officer' ? (
        <Form.Item name="department" label={t('users.department')} rules={zf.rules('department')}>
          <EnumSelect enumDef={Department} />
        </Form.Item>
      ) : null}
      <Form.Item name="phone" label={t('users.phone')} rules={zf.rules('phone')}>
        <Input inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="email" label={t('users.email')} rules={zf.rules('email')} extra={t('users.emailHint')}>
        <Input inputMode="email" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="personIdNumber"
        label={t('users.personIdNumber')}
        rules={zf.rules('personIdNumber')}
        extra={t('users.personHint')}
      >
        <Input autoComplete="off" maxLength={18} data-testid="user-person-id" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('users.password')}
        rules={zf.rules('password')}
        extra={t('users.passwordHint')}
      >
        <Input.Password autoComplete="new-password" data-testid="user-password" />
      </Form.Item>
    </>
  );
}

/** A drawer with the new-user form (POST /api/users); the server checks the scope, role and password policy. */
export function NewUser({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const zf = useZodForm<typeof UserCreateBody, Values>(UserCreateBody);
  return (
    <Drawer open={open} onClose={onClose} title={t('users.new')} width={phone ? '100%' : 520} destroyOnHidden>
      <Form<Values>
        form={zf.form}
        layout="vertical"
        onFinish={zf.submit(async (body) => {
          await api.post<UserView>('/api/users', body);
          message.success(t('users.created'));
          await queryClient.invalidateQueries({ queryKey: ['users'] });
          onClose();
        })}
        data-testid="user-form"
      >
        <FormErrors zf={zf} />
        <UserFields zf={zf} />
        <Button type="primary" htmlType="submit" loading={zf.submitting} block data-testid="user-save">
          {t('users.new')}
        </Button>
      </Form>
    </Drawer>
  );
}
