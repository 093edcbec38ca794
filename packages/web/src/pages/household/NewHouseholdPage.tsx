import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { HouseholdCreateBody, type HouseholdDetail } from '@dixian/core/api';
import { App, Button, Card, Col, Form, Input, Row } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { PageHeader } from '../../components/PageHeader';
import { RegionPicker } from '../../components/RegionPicker';
import { HouseholdFactsItems } from '../../features/households/HouseholdFactsItems';
import { MemberFormItems } from '../../features/households/MemberFormItems';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, type ZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

const NEW_MEMBER = { registeredHere: true, livesAndShares: true, healthStatus: 'healthy' };

/** The members, 户主 first; each a card, more added with one button. */
function MemberCards({ z }: { z: ZodForm<never, never> }) {
  const { t } = useI18n();
  return (
    <Form.List name="members">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginTop: 16 }}
              title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('hhform.memberN', { n: i + 1 })}</h2>}
              extra={
                i > 0 ? (
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('hhform.removeMember', { n: i + 1 })}
                  />
                ) : null
              }
              data-testid="member-card"
            >
              <MemberFormItems prefix={[field.name]} schemaPrefix={['members', field.name]} zf={z} />
            </Card>
          ))}
          <Button
            block
            size="large"
            icon={<PlusOutlined />}
            style={{ marginTop: 16 }}
            onClick={() => add({ ...NEW_MEMBER })}
            data-testid="add-member"
          >
            {t('member.add')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/**
 * Register a household on a village with its members (户主 first), checked with the server's own schema; the
 * household page opens after the save, where income is entered and the assessment shows.
 */
export function NewHouseholdPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm(HouseholdCreateBody);
  const z = zf as unknown as ZodForm<never, never>;
  return (
    <>
      <PageHeader title={t('hhform.new')} sub={t('hhform.newSub')} />
      <Form
        form={zf.form}
        layout="vertical"
        initialValues={{ householdType: 'general_household', members: [{ ...NEW_MEMBER, relation: 'head' }] }}
        onFinish={zf.submit(async (body) => {
          const created = await api.post<HouseholdDetail>('/api/households', body);
          message.success(t('hhform.created'));
          await refresh();
          navigate(`/households/${created.household.id}`);
        })}
        data-testid="new-household-form"
      >
        <FormErrors zf={zf} />
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.basic')}</h2>}>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="regionCode" label={t('hhform.village')} rules={zf.rules('regionCode')}>
                <RegionPicker placeholder={t('hhform.pickVillage')} aria-label={t('hhform.village')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="householdNo"
                label={t('registry.householdNo')}
                rules={zf.rules('householdNo')}
                extra={t('hhform.householdNoHint')}
              >
                <Input size="large" autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <HouseholdFactsItems zf={z} />
        </Card>
        <MemberCards z={z} />
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          style={{ marginTop: 16 }}
          loading={zf.submitting}
          data-testid="household-create"
        >
          {t('hhform.create')}
        </Button>
      </Form>
    </>
  );
}
