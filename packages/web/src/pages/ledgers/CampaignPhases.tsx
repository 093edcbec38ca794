import { RectificationCampaignBody, type RectificationCampaignList } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, InputNumber, Steps, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

interface OpenForm {
  year?: number;
  opensOn?: Dayjs;
}

function OpenCampaign({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const zf = useZodForm<typeof RectificationCampaignBody, OpenForm>(RectificationCampaignBody, {
    // the phases' days are the plan's (S3 §四): a phase ending before the opening day is the opening day's fault
    fieldOf: (path) => (path[0] === 'phases' ? ['opensOn'] : path),
  });
  return (
    <SheetDrawer open={open} onClose={onClose} title={t('rectification.open')} width={420}>
      <Form<OpenForm>
        form={zf.form}
        layout="vertical"
        initialValues={{ year: dayjs().year(), opensOn: dayjs().startOf('year') }}
        onFinish={zf.submit(async (body) => {
          await api.post('/api/rectification-campaigns', body);
          message.success(t('rectification.opened'));
          onClose();
          await client.invalidateQueries({ queryKey: ['ledgers', 'campaign'] });
        })}
      >
        <FormErrors zf={zf} />
        <Form.Item name="year" label={t('campaign.year')} rules={zf.rules('year')}>
          <InputNumber min={2020} max={2100} />
        </Form.Item>
        <Form.Item name="opensOn" label={t('rectification.opensOn')} rules={zf.rules('opensOn')}>
          <DatePicker allowClear={false} inputReadOnly />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={zf.submitting} block>
          {t('rectification.open')}
        </Button>
      </Form>
    </SheetDrawer>
  );
}

/**
 * The rectification campaign's phases (S3 §四: self-check by the end of May, mechanisms by November, summary in
 * December) with the ledger items opened, closed and still open in each, in the user's area.
 */
export function CampaignPhases() {
  const { t } = useI18n();
  const { can } = useSignedIn();
  const [opening, setOpening] = useState(false);
  const list = useQuery({
    queryKey: ['ledgers', 'campaign'],
    queryFn: () => api.get<RectificationCampaignList>('/api/rectification-campaigns'),
  });
  const c = list.data?.items[0];
  const open = can('campaign.manage') ? (
    <Button size="small" onClick={() => setOpening(true)} data-testid="rectification-open">
      {t('rectification.open')}
    </Button>
  ) : null;
  return (
    <Card
      size="small"
      title={c ? c.name : t('rectification.phases')}
      extra={c ? null : open}
      style={{ marginBottom: 12 }}
    >
      {c ? (
        <Steps
          size="small"
          current={Math.max(
            0,
            c.phases.findIndex((p) => p.state === 'current'),
          )}
          items={c.phases.map((p) => ({
            title: `${p.name}(${t(`rectification.${p.state}`)})`,
            status: p.state === 'past' ? 'finish' : p.state === 'current' ? 'process' : 'wait',
            description: (
              <>
                <div>
                  {p.startsOn} ~ {p.endsOn}
                </div>
                <div data-testid={`phase-${p.seq}`}>
                  {t('rectification.progress', { opened: p.opened, closed: p.closed, open: p.openAtEnd })}
                </div>
              </>
            ),
          }))}
        />
      ) : (
        <Typography.Text type="secondary">{t('rectification.none')}</Typography.Text>
      )}
      <OpenCampaign open={opening} onClose={() => setOpening(false)} />
    </Card>
  );
}
