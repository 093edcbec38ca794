import { Alert, Button, Form, Input } from 'antd';
import type { z } from 'zod';
import { useI18n, type I18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { FIELD_LABELS } from './correction-values';
import { today } from '../../lib/format';

/** A reason a record was refused, by the form or the server: the field's path and the message. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The field app's labels of the paths a form or the server names (the last key of `body.location.capturedAt`). */
const PATH_LABELS: Record<string, MessageKey> = {
  visitedOn: 'field.visit.date',
  method: 'field.visit.method',
  incomeChange: 'field.visit.incomeChange',
  newRisks: 'field.visit.newRisks',
  note: 'field.visit.note',
  location: 'field.visit.location',
  capturedAt: 'field.visit.location',
  'x-taken-at': 'field.visit.photos',
  riskTypes: 'field.lead.risks',
  description: 'field.lead.description',
  discoveredOn: 'field.lead.discoveredOn',
  status: 'field.measure.status',
  on: 'field.measure.on',
  leaflet: 'field.delivery.leaflet',
  deliveredOn: 'field.delivery.on',
  deliveredBy: 'field.delivery.by',
  signatureRef: 'field.delivery.receipt',
  ...FIELD_LABELS,
};

/** "label: message" in the current language; the message alone when the path names nothing on the form. */
export function issueText(i18n: Pick<I18n, 't' | 'localize'>, issue: string | FieldIssue): string {
  if (typeof issue === 'string') return i18n.localize(issue);
  const key = issue.path
    .split('.')
    .reverse()
    .find((k) => k in PATH_LABELS);
  const message = i18n.localize(issue.message);
  return key ? `${i18n.t(PATH_LABELS[key]!)}${i18n.t('common.colon')}${message}` : message;
}

/** The form's own check before a record is queued: the same zod contract the server applies. */
export function checkBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; body: z.infer<S> } | { ok: false; errors: FieldIssue[] } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, body: r.data };
  return { ok: false, errors: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

/** The reasons a form was not saved, each "field: message" in the current language. */
export function FieldErrors({ errors }: { errors: (string | FieldIssue)[] }) {
  const i18n = useI18n();
  if (errors.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 8 }}
      message={
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {errors.map((e, n) => (
            <li key={n}>{issueText(i18n, e)}</li>
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
export function SaveFooter({
  errors,
  saving,
  disabled,
}: {
  errors: (string | FieldIssue)[];
  saving?: boolean;
  disabled?: boolean;
}) {
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
