import type { UserView } from '@dixian/core/api';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

/**
 * Link an account to its holder's own person record (issue 17 §3, S3 二 优亲厚友): the administrator enters the
 * holder's ID number, the server finds the member of the register (audited as user.update); empty unlinks.
 */
export function UserPersonButton({ user }: { user: UserView }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [idNumber, setIdNumber] = useState('');
  const save = async () => {
    try {
      await api.patch(`/api/users/${user.id}`, { version: user.version, personIdNumber: idNumber.trim() || null });
      message.success(t('users.saved'));
      await client.invalidateQueries({ queryKey: ['users'] });
      setOpen(false);
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="user-person">
        {user.personMemberId ? t('users.personLinked') : t('users.personLink')}
      </Button>
      {open ? (
        <Modal
          open
          title={t('users.personTitle', { name: user.displayName })}
          onCancel={() => setOpen(false)}
          onOk={save}
        >
          <Form layout="vertical">
            <Form.Item label={t('users.personIdNumber')} extra={t('users.personHint')}>
              <Input
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value)}
                autoComplete="off"
                maxLength={18}
                data-testid="user-person-id"
              />
            </Form.Item>
          </Form>
        </Modal>
      ) : null}
    </>
  );
}
