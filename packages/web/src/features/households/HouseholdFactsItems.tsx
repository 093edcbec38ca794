import { HouseholdType, HousingSafetyGrade, HousingStructure } from '@dixian/core';
import { Col, Form, Input, InputNumber, Row, Switch } from 'antd';
import type { ReactNode } from 'react';
import { EnumSelect } from '../../components/EnumSelect';
import type { ZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

type Zf = ZodForm<never, never>;

function Field({
  name,
  label,
  zf,
  children,
  sm = 12,
}: {
  name: string;
  label: string;
  zf: Zf;
  children: ReactNode;
  sm?: number;
}) {
  return (
    <Col xs={24} sm={sm}>
      <Form.Item name={name} label={label} rules={zf.rules(name as never)}>
        {children}
      </Form.Item>
    </Col>
  );
}

function Flag({ name, label }: { name: string; label: string }) {
  return (
    <Col xs={12} sm={8}>
      <Form.Item name={name} label={label} valuePropName="checked">
        <Switch />
      </Form.Item>
    </Col>
  );
}

/**
 * A household's own facts (DOMAIN §2.1): address and contact, type, housing safety and drinking water (the
 * guarantees a visit checks), and the assets the exclusion rules read (car, commercial housing, business).
 */
export function HouseholdFactsItems({ zf }: { zf: Zf }) {
  const { t } = useI18n();
  return (
    <>
      <Row gutter={12}>
        <Field name="address" label={t('household.address')} zf={zf}>
          <Input size="large" />
        </Field>
        <Field name="naturalVillage" label={t('hhform.naturalVillage')} zf={zf}>
          <Input size="large" />
        </Field>
        <Field name="phone" label={t('household.phone')} zf={zf}>
          <Input size="large" inputMode="tel" />
        </Field>
        <Field name="householdType" label={t('household.type')} zf={zf}>
          <EnumSelect enumDef={HouseholdType} size="large" />
        </Field>
        <Field name="liftedYear" label={t('household.liftedYear')} zf={zf}>
          <InputNumber size="large" min={2013} max={2100} style={{ width: '100%' }} />
        </Field>
        <Field name="monitorContact" label={t('household.contact')} zf={zf}>
          <Input size="large" />
        </Field>
        <Field name="monitorContactPhone" label={t('hhform.contactPhone')} zf={zf}>
          <Input size="large" inputMode="tel" />
        </Field>
        <Field name="pairedPartyMember" label={t('household.pairedPartyMember')} zf={zf}>
          <Input size="large" />
        </Field>
      </Row>
      <h3 style={{ fontSize: 15 }}>{t('hhform.housingWater')}</h3>
      <Row gutter={12}>
        <Field name="housingStructure" label={t('hhform.housingStructure')} zf={zf}>
          <EnumSelect enumDef={HousingStructure} size="large" />
        </Field>
        <Field name="housingSafetyGrade" label={t('hhform.housingSafetyGrade')} zf={zf}>
          <EnumSelect enumDef={HousingSafetyGrade} size="large" />
        </Field>
        <Field name="waterIssue" label={t('hhform.waterIssue')} zf={zf} sm={24}>
          <Input size="large" />
        </Field>
        <Flag name="drinkingWaterSafe" label={t('guarantee.water')} />
        <Flag name="foodClothingSecure" label={t('guarantee.foodClothing')} />
        <Flag name="onlyHomeMudBrick" label={t('hhform.onlyHomeMudBrick')} />
        <Flag name="electricityOk" label={t('hhform.electricity')} />
      </Row>
      <h3 style={{ fontSize: 15 }}>{t('hhform.assets')}</h3>
      <Row gutter={12}>
        <Flag name="hasPrivateCar" label={t('hhform.car')} />
        <Flag name="hasCommercialHousing" label={t('hhform.commercialHousing')} />
        <Flag name="hasBusiness" label={t('hhform.business')} />
        <Flag name="hasPublicServant" label={t('hhform.publicServant')} />
      </Row>
    </>
  );
}
