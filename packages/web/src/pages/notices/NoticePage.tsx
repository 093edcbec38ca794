import { PrinterOutlined } from '@ant-design/icons';
import { EliminationMethod, MonitoringCategory } from '@dixian/core';
import { NoticeQuery, type NoticePeriod, type NoticeView } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Segmented, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Query } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { useUrlQuery } from '../../lib/use-url-query';
import './print.css';

/** '2026-10-31' → '2026年10月31日' (zh) or the ISO day (en), as a notice board writes it. */
function longDate(d: string, zh: boolean): string {
  if (!zh) return d;
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** One period of the notice as the A4 sheet posted on the village board. */
function Sheet({ notice, period }: { notice: NoticeView; period: NoticePeriod }) {
  const { t, L, lang, enumLabel } = useI18n();
  const zh = lang === 'zh';
  const elimination = notice.purpose === 'elimination';
  const place = [notice.county?.name, notice.township?.name, notice.village.name].filter(Boolean).join('');
  const listed = period.households.filter((h) => !h.withdrawn);
  const withdrawn = period.households.filter((h) => h.withdrawn);
  const o = notice.objection;
  return (
    <article className="notice-sheet" data-testid="notice-sheet" lang={zh ? 'zh-CN' : 'en'}>
      <p className="notice-place">{place}</p>
      <h2 className="notice-title">{L(notice.title)}</h2>
      <p className="notice-lead">
        {t(elimination ? 'notice.leadElimination' : 'notice.leadIdentification', { n: listed.length })}
      </p>
      <p className="notice-period" data-testid="notice-period">
        {t('notice.period', {
          from: longDate(period.startOn, zh),
          to: longDate(period.endOn, zh),
          n: period.days,
        })}
        {period.place ? ` ${t('notice.postedAt', { place: period.place })}` : ''}
      </p>
      <table className="notice-table">
        <thead>
          <tr>
            <th scope="col">{t('notice.no')}</th>
            <th scope="col">{t('notice.head')}</th>
            <th scope="col">{t('notice.group')}</th>
            <th scope="col">{t('notice.size')}</th>
            <th scope="col">{elimination ? t('notice.method') : t('notice.category')}</th>
          </tr>
        </thead>
        <tbody>
          {listed.map((h, i) => (
            <tr key={h.noticeId} data-testid="notice-row">
              <td>{i + 1}</td>
              <td>{h.headName}</td>
              <td>{h.naturalVillage ?? '—'}</td>
              <td>{h.size}</td>
              <td>
                {elimination
                  ? h.eliminationMethod
                    ? enumLabel(EliminationMethod, h.eliminationMethod)
                    : '—'
                  : h.category
                    ? enumLabel(MonitoringCategory, h.category)
                    : t('notice.categoryPending')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {withdrawn.length ? (
        <p className="notice-small">{t('notice.withdrawn', { names: withdrawn.map((h) => h.headName).join('、') })}</p>
      ) : null}
      <section className="notice-objection" aria-label={t('notice.whereToObject')}>
        <p>{L(o.text)}</p>
        <ul>
          <li>
            {o.villageCommittee.name}
            {o.villageCommittee.contacts.map((c) => ` ${c.name}${c.phone ? ` ${c.phone}` : ''}`).join(';')}
          </li>
          {o.township ? (
            <li>
              {o.township.name}
              {o.township.contacts.map((c) => ` ${c.name}${c.phone ? ` ${c.phone}` : ''}`).join(';')}
            </li>
          ) : null}
          <li>{t('notice.hotline', { n: o.hotline })}</li>
        </ul>
      </section>
      <p className="notice-privacy">{t('notice.privacy')}</p>
      <footer className="notice-sign">
        <p>{t('notice.signer', { village: notice.village.name })}</p>
        <p>{longDate(period.startOn, zh)}</p>
      </footer>
    </article>
  );
}

/** The village (fixed for a village cadre), identification or elimination, and the notice period when several. */
function NoticeFilters(p: {
  own: string | undefined;
  region: string | undefined;
  purpose: string;
  setQuery: (patch: Record<string, unknown>) => void;
  notice: NoticeView | undefined;
  periodIndex: number;
  setPeriodIndex: (i: number) => void;
}) {
  const { t } = useI18n();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Row gutter={[8, 8]} align="middle">
        {p.own ? null : (
          <Col xs={24} md={8}>
            <RegionPicker
              aria-label={t('notice.village')}
              placeholder={t('notice.village')}
              value={p.region}
              onChange={(r) => p.setQuery({ region: r })}
              style={{ width: '100%' }}
            />
          </Col>
        )}
        <Col xs={24} md={8}>
          <Segmented
            block
            value={p.purpose}
            onChange={(v) => p.setQuery({ purpose: v })}
            options={[
              { value: 'identification', label: t('notice.identification') },
              { value: 'elimination', label: t('notice.elimination') },
            ]}
          />
        </Col>
        {p.notice && p.notice.periods.length > 1 ? (
          <Col xs={24} md={8}>
            <Select
              style={{ width: '100%' }}
              aria-label={t('notice.periodPick')}
              value={p.periodIndex}
              onChange={p.setPeriodIndex}
              options={p.notice.periods.map((x, i) => ({
                value: i,
                label: `${x.startOn} – ${x.endOn}${x.active ? ` (${t('notice.active')})` : ''} · ${t('notice.households', { n: x.households.length })}`,
              }))}
              data-testid="notice-period-pick"
            />
          </Col>
        ) : null}
      </Row>
    </Card>
  );
}

/**
 * The village public notice (公示, issue 6 §7; S3 §三(四): at least 5 days) as an A4 page to print and post: the
 * period, the households with masked names and no personal data (DOMAIN §3.1), and where to object. The page
 * prints without menus (print.css, @page A4).
 */
export function NoticePage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const [query, setQuery] = useUrlQuery(NoticeQuery.partial());
  const own = session.user.scopeCode.length === 12 ? session.user.scopeCode : undefined;
  const region = query.region ?? own;
  const purpose = query.purpose ?? 'identification';
  const notice = useQuery({
    queryKey: ['notices', region, purpose, query.asOf ?? null],
    queryFn: () => api.get<NoticeView>('/api/notices', { region, purpose, asOf: query.asOf } as Query),
    enabled: !!region && region.length === 12,
  });
  const [periodIndex, setPeriodIndex] = useState(0);
  useEffect(() => setPeriodIndex(0), [region, purpose]);
  return (
    <div className="notice-page">
      <div className="no-print">
        <PageHeader
          title={t('notice.title')}
          extra={
            <>
              <Button
                type="primary"
                icon={<PrinterOutlined />}
                onClick={() => window.print()}
                disabled={!notice.data?.periods.length}
                data-testid="print-notice"
              >
                {t('work.print')}
              </Button>
              {region ? (
                <ExportButton
                  path="/api/notices/export.xlsx"
                  query={{ region, purpose, asOf: query.asOf }}
                  fileName="notice.xlsx"
                />
              ) : null}
            </>
          }
        />
        <NoticeFilters
          own={own}
          region={region}
          purpose={purpose}
          setQuery={setQuery}
          notice={notice.data}
          periodIndex={periodIndex}
          setPeriodIndex={setPeriodIndex}
        />
      </div>
      {!region || region.length !== 12 ? (
        <Alert className="no-print" type="info" showIcon message={t('notice.pickVillage')} />
      ) : (
        <QueryState query={notice} rows={8}>
          {(n) => {
            const period = n.periods[periodIndex] ?? n.periods[0];
            return period ? (
              <Sheet notice={n} period={period} />
            ) : (
              <Empty description={t('notice.none')} className="no-print" />
            );
          }}
        </QueryState>
      )}
      <Typography.Paragraph type="secondary" className="no-print" style={{ marginTop: 12 }}>
        {t('notice.printHint')}
      </Typography.Paragraph>
    </div>
  );
}
