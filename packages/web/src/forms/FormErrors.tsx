import { Alert } from 'antd';
import type { z } from 'zod';
import { useI18n } from '../i18n/i18n';
import type { ZodForm } from './zod-form';

/**
 * What a form's last submit could not put beside a field: the server's message (a refused step, a version
 * conflict) and issues naming no field on screen, each with its path.
 */
export function FormErrors<S extends z.ZodType, V>({ zf }: { zf: ZodForm<S, V> }) {
  const { lang, localize, t } = useI18n();
  if (!zf.error) return null;
  const { error, issues } = zf.error;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={error ? error.text(lang) : t('form.fixErrors')}
      description={
        issues.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {issues.map((i, n) => (
              <li key={n}>
                {i.path ? <code>{i.path}</code> : null}
                {i.path ? ': ' : null}
                {localize(i.message)}
              </li>
            ))}
          </ul>
        ) : undefined
      }
      closable
      onClose={zf.clearError}
    />
  );
}
