import { Alert, Button, Form, Input } from 'antd';
import type { z } from 'zod';
import { useI18n } from '../../i18n/i18n';
import { today } from '../../lib/format';

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

/** A day up to today, as the phone's own date picker shows it. */
export function DayItem({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (day: string) => void;
}) {
  return (
    <Form.Item label={label} htmlFor={id}>
      <Input id={id} type="date" max={today()} value={value} onChange={(e) => onChange(e.target.value)} />
    </Form.Item>
  );
}

/** The reasons a save was refused, then the one big save button a thumb can reach. */
export function SaveFooter({ errors, saving, disabled }: { errors: string[]; saving?: boolean; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <FieldErrors errors={errors} />
      <Button type="primary" htmlType="submit" block size="large" loading={saving} disabled={disabled}>
        {t('field.save')}
      </Button>
    </>
  );
}
