import { PrinterOutlined } from '@ant-design/icons';
import {
  applicableAssistance,
  CaseStage,
  HealthStatus,
  HouseholdType,
  isCountedMember,
  LaborCapacity,
  MeasureCategory,
  MeasureStatus,
  MeasureType,
  MonitoringCategory,
  MonitoringStatus,
  Relation,
  RiskType,
  SchoolStatus,
  Sex,
} from '@dixian/core';
import type { HouseholdDetail, NoticeView } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex } from 'antd';
import { useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useHousehold } from '../../api/queries';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { money, today, when } from '../../lib/format';
import './household-file.css';
import { useIncomeYears } from './IncomeCard';

function Basics({ d }: { d: HouseholdDetail }) {
  const { t, enumLabel, L } = useI18n();
  const h = d.household;
  const head = d.members.find((m) => m.relation === 'head');
  const risks = h.riskTypes.map((r) => L(RiskType.labels[r])).join(t('common.listSep'));
  return (
    <table>
      <tbody>
        <tr>
          <th>{t('registry.head')}</th>
          <td>{head?.name ?? '—'}</td>
          <th>{t('registry.householdNo')}</th>
          <td>{h.householdNo}</td>
        </tr>
        <tr>
          <th>{t('household.type')}</th>
          <td>{enumLabel(HouseholdType, h.householdType)}</td>
          <th>{t('household.status')}</th>
          <td>{enumLabel(MonitoringStatus, h.monitoringStatus)}</td>
        </tr>
        <tr>
          <th>{t('household.category')}</th>
          <td>{h.monitoringCategory ? enumLabel(MonitoringCategory, h.monitoringCategory) : '—'}</td>
          <th>{t('household.riskTypes')}</th>
          <td>{risks || '—'}</td>
        </tr>
        <tr>
          <th>{t('household.address')}</th>
          <td colSpan={3}>{h.address ?? h.regionName}</td>
        </tr>
      </tbody>
    </table>
  );
}

function Members({ d }: { d: HouseholdDetail }) {
  const { t, enumLabel } = useI18n();
  return (
    <div className="hh-file-scroll">
      <table>
        <thead>
          <tr>
            <th>{t('household.name')}</th>
            <th>{t('household.relation')}</th>
            <th>{t('household.sex')}</th>
            <th>{t('household.age')}</th>
            <th>{t('household.health')}</th>
            <th>{t('household.labor')}</th>
            <th>{t('household.school')}</th>
          </tr>
        </thead>
        <tbody>
          {d.members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.name}
                {m.deceasedOn ? `(${t('household.deceased')})` : ''}
                {m.leftOn ? `(${t('hhfile.left')})` : ''}
              </td>
              <td>{enumLabel(Relation, m.relation)}</td>
              <td>{enumLabel(Sex, m.sex)}</td>
              <td>{m.age}</td>
              <td>{enumLabel(HealthStatus, m.healthStatus)}</td>
              <td>{enumLabel(LaborCapacity, m.laborCapacity)}</td>
              <td>{enumLabel(SchoolStatus, m.schoolStatus)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Income({ d }: { d: HouseholdDetail }) {
  const { t, lang } = useI18n();
  const { points, lineOf } = useIncomeYears(d.incomes, d.members, d.household.regionCode);
  if (!points.length) return <p>{t('household.noIncome')}</p>;
  return (
    <table data-testid="file-income">
      <thead>
        <tr>
          <th>{t('household.year')}</th>
          <th>{t('household.netIncome')}</th>
          <th>{t('household.perCapita')}</th>
          <th>{t('household.line')}</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p, i) => {
          const line = lineOf(i);
          const below = line !== null && p.perCapitaFen !== null && p.perCapitaFen < line;
          return (
            <tr key={p.year}>
              <td>{p.year}</td>
              <td>{money(p.netFen, lang)}</td>
              <td className={below ? 'below' : undefined}>
                {money(p.perCapitaFen, lang)}
                {below ? `(${t('income.belowLine')})` : ''}
              </td>
              <td>{money(line, lang)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CaseAndMeasures({ d }: { d: HouseholdDetail }) {
  const { t, enumLabel, lang } = useI18n();
  const current = d.cases[0];
  return (
    <>
      <p>
        {current
          ? `${enumLabel(CaseStage, current.stage)} · ${t('household.discovered')} ${when(current.discoveredAt)}${
              current.confirmedOn ? ` · ${t('household.confirmed')} ${current.confirmedOn}` : ''
            }`
          : t('household.noCase')}
      </p>
      {d.measures.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('hhfile.measure')}</th>
              <th>{t('hhfile.period')}</th>
              <th>{t('hhfile.amount')}</th>
              <th>{t('hhfile.measureStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {d.measures.map((m) => (
              <tr key={m.id}>
                <td>
                  {enumLabel(MeasureType, m.type)}
                  {m.description ? `:${m.description}` : ''}
                </td>
                <td>
                  {m.startOn ?? '—'} ~ {m.endOn ?? ''}
                </td>
                <td>{m.amountFen === null ? '—' : money(m.amountFen, lang)}</td>
                <td>{enumLabel(MeasureStatus, m.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function Policies({ d }: { d: HouseholdDetail }) {
  const { enumLabel, L } = useI18n();
  const kinds = applicableAssistance({
    members: d.members.map((m) => ({ laborCapacity: m.laborCapacity, counted: isCountedMember(m, today()) })),
    riskTypes: d.household.riskTypes,
    monitored: d.household.monitoringStatus !== 'not_monitored',
  });
  return (
    <ul data-testid="file-policies">
      {kinds.map((k) => (
        <li key={k.category}>
          <strong>{enumLabel(MeasureCategory, k.category)}</strong>:{L(k.offer)}
        </li>
      ))}
    </ul>
  );
}

/** Who to call: the household's contact, the village committee, the township and the 12317 line. */
function Contacts({ d }: { d: HouseholdDetail }) {
  const { t } = useI18n();
  const h = d.household;
  const board = useQuery({
    queryKey: ['notices', 'contacts', h.regionCode],
    queryFn: () => api.get<NoticeView>('/api/notices', { region: h.regionCode }),
    staleTime: 5 * 60_000,
  });
  const o = board.data?.objection;
  const people = (list: { name: string; phone: string | null }[] | undefined) =>
    list?.length ? list.map((c) => `${c.name} ${c.phone ?? ''}`).join(t('common.listSep')) : '—';
  return (
    <ul data-testid="file-contacts">
      <li>
        {t('household.contact')}:{h.monitorContact ?? '—'} {h.monitorContactPhone ?? ''}
      </li>
      <li>
        {o?.villageCommittee.name ?? t('hhfile.villageCommittee')}:{people(o?.villageCommittee.contacts)}
      </li>
      {o?.township ? (
        <li>
          {o.township.name}:{people(o.township.contacts)}
        </li>
      ) : null}
      <li>{t('hhfile.hotline')}</li>
    </ul>
  );
}

/**
 * The printable household file (户档案/明白卡) on one A4 page: members, income by year against the line, the
 * case and its measures, the policies that apply (S1 §五) and whom to call. Personal data stays masked.
 */
export function HouseholdFilePage() {
  const { id } = useParams();
  const { t } = useI18n();
  const detail = useHousehold(id);
  return (
    <QueryState query={detail} rows={10}>
      {(d) => (
        <>
          <Flex justify="end" className="no-print" style={{ marginBottom: 12 }}>
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t('hhfile.print')}
            </Button>
          </Flex>
          <article className="hh-file" data-testid="household-file-sheet">
            <h1>{t('hhfile.title')}</h1>
            <p className="hh-file-sub">
              {d.household.regionName} · {t('hhfile.printedOn', { date: today() })}
            </p>
            <h2>{t('household.basic')}</h2>
            <Basics d={d} />
            <h2>{t('household.members')}</h2>
            <Members d={d} />
            <h2>{t('household.income')}</h2>
            <Income d={d} />
            <h2>{t('hhfile.caseAndMeasures')}</h2>
            <CaseAndMeasures d={d} />
            <h2>{t('hhfile.policies')}</h2>
            <Policies d={d} />
            <h2>{t('hhfile.contacts')}</h2>
            <Contacts d={d} />
          </article>
        </>
      )}
    </QueryState>
  );
}
