import {
  AlertOutlined,
  EditOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  MoneyCollectOutlined,
  PrinterOutlined,
} from '@ant-design/icons';
import type { HouseholdDetail } from '@dixian/core/api';
import { App, Button, Flex } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSignedIn } from '../../auth/session';
import { SheetDrawer } from '../../components/SheetDrawer';
import { useI18n } from '../../i18n/i18n';
import { LeadForm } from '../../pages/leads/LeadForm';
import { HouseholdEditDrawer } from './HouseholdEditDrawer';
import { IncomeDrawer } from './IncomeDrawer';

type Open = 'edit' | 'income' | 'lead' | null;

/**
 * What a cadre does next on a household: record a visit, record a risk lead, edit the household, enter income,
 * open its case, print its file. Only what the role may do is shown (the server checks again).
 */
export function HouseholdActions({ detail }: { detail: HouseholdDetail }) {
  const { t } = useI18n();
  const { can } = useSignedIn();
  const { message } = App.useApp();
  const [open, setOpen] = useState<Open>(null);
  const h = detail.household;
  const head = detail.members.find((m) => m.relation === 'head');
  const current = detail.cases[0];
  return (
    <>
      <Flex gap={8} wrap data-testid="household-actions" style={{ marginBottom: 16 }}>
        {can('visit.create') ? (
          <Link to={`/visits/${h.id}`}>
            <Button type="primary" icon={<FileTextOutlined />}>
              {t('hhactions.visit')}
            </Button>
          </Link>
        ) : null}
        {can('lead.create') ? (
          <Button icon={<AlertOutlined />} onClick={() => setOpen('lead')}>
            {t('hhactions.lead')}
          </Button>
        ) : null}
        {can('household.update') ? (
          <Button icon={<EditOutlined />} onClick={() => setOpen('edit')} data-testid="household-edit">
            {t('hhactions.edit')}
          </Button>
        ) : null}
        {can('income.write') ? (
          <Button icon={<MoneyCollectOutlined />} onClick={() => setOpen('income')} data-testid="income-add">
            {t('income.add')}
          </Button>
        ) : null}
        {current && can('case.read') ? (
          <Link to={`/cases/${current.id}`}>
            <Button icon={<FolderOpenOutlined />}>{t('household.openCase')}</Button>
          </Link>
        ) : null}
        <Link to={`/households/${h.id}/file`}>
          <Button icon={<PrinterOutlined />} data-testid="household-file">
            {t('hhfile.open')}
          </Button>
        </Link>
      </Flex>
      <HouseholdEditDrawer detail={detail} open={open === 'edit'} onClose={() => setOpen(null)} />
      <IncomeDrawer detail={detail} open={open === 'income'} onClose={() => setOpen(null)} />
      <SheetDrawer open={open === 'lead'} onClose={() => setOpen(null)} title={t('lead.new')} width={560}>
        <LeadForm
          household={{ id: h.id, label: `${head?.name ?? ''} · ${h.householdNo} · ${h.regionName}` }}
          onDone={(lead) => {
            setOpen(null);
            if (lead.status === 'attached') message.info(t('lead.attachedHint'));
          }}
        />
      </SheetDrawer>
    </>
  );
}
