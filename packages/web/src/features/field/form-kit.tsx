import { Alert } from 'antd';
import type { z } from 'zod';
import { useI18n } from '../../i18n/i18n';

/** The form's own check before a record is queued: the same zod contract the server applies. */
export function checkBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; body: z.infer<S> } | { ok: false; errors: string[] } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, body: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

/** The reasons a form was not saved, each "field: message" in the current language. */
export function FieldErrors({ errors }: { errors: string[] }) {
  const { localize } = useI18n();
  if (errors.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 8 }}
      message={
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {errors.map((e) => (
            <li key={e}>{localize(e)}</li>
          ))}
        </ul>
      }
    />
  );
}
