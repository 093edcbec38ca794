import {
  AccountBookOutlined,
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CloudUploadOutlined,
  ThunderboltOutlined,
  FileSearchOutlined,
  FundProjectionScreenOutlined,
  ReadOutlined,
  HeartOutlined,
  NotificationOutlined,
  OrderedListOutlined,
  RadarChartOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  StopOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';
import { named, type PageRoute } from './page-route';

/**
 * The case-work pages (issue 6 §4–7): leads, cases, visits, warnings, department feeds, public notices,
 * social assistance, the monthly seven steps and half-month lists, and the rectification ledgers. Spread into PAGES (routes.tsx) between the registry and the
 * deadlines, so the menu reads in the order of a day's work.
 */
export const MONITORING_PAGES: PageRoute[] = [
  {
    path: '/leads',
    page: named(() => import('../pages/leads/LeadsPage'), 'LeadsPage'),
    ability: 'lead.read',
    nav: { label: 'nav.leads', icon: <FileSearchOutlined /> },
  },
  {
    path: '/cases',
    page: named(() => import('../pages/cases/CasesPage'), 'CasesPage'),
    ability: 'case.read',
    nav: { label: 'nav.cases', icon: <SolutionOutlined /> },
  },
  {
    path: '/cases/:id',
    crumb: 'crumb.case',
    page: named(() => import('../pages/cases/CasePage'), 'CasePage'),
    ability: 'case.read',
  },
  {
    path: '/visits',
    page: named(() => import('../pages/visits/VisitsDuePage'), 'VisitsDuePage'),
    ability: 'household.read',
    nav: { label: 'nav.visits', icon: <CarryOutOutlined /> },
  },
  {
    path: '/visits/:householdId',
    crumb: 'crumb.visit',
    page: named(() => import('../pages/visits/VisitFormPage'), 'VisitFormPage'),
    ability: 'visit.create',
  },
  {
    path: '/warnings',
    page: named(() => import('../pages/warnings/WarningsPage'), 'WarningsPage'),
    ability: 'warning.read',
    nav: { label: 'nav.warnings', icon: <AlertOutlined /> },
  },
  {
    path: '/feeds',
    page: named(() => import('../pages/feeds/FeedsPage'), 'FeedsPage'),
    ability: 'feed.upload',
    nav: { label: 'nav.feeds', icon: <CloudUploadOutlined /> },
  },
  {
    path: '/notices',
    page: named(() => import('../pages/notices/NoticePage'), 'NoticePage'),
    ability: 'case.read',
    nav: { label: 'nav.notices', icon: <NotificationOutlined /> },
  },
  {
    path: '/assistance',
    page: named(() => import('../pages/assistance/AssistancePage'), 'AssistancePage'),
    ability: 'assistance.read',
    nav: { label: 'nav.assistance', icon: <HeartOutlined /> },
  },
  {
    path: '/integrity',
    page: named(() => import('../pages/integrity/IntegrityPage'), 'IntegrityPage'),
    ability: 'integrity.read',
    nav: { label: 'nav.integrity', icon: <StopOutlined /> },
  },
  {
    path: '/payroll',
    page: named(() => import('../pages/payroll/PayrollPage'), 'PayrollPage'),
    ability: 'payroll.read',
    nav: { label: 'nav.payroll', icon: <AccountBookOutlined /> },
  },
  {
    path: '/campaigns',
    page: named(() => import('../pages/campaigns/CampaignsPage'), 'CampaignsPage'),
    ability: 'campaign.read',
    nav: { label: 'nav.campaigns', icon: <ScheduleOutlined /> },
  },
  {
    path: '/disasters',
    page: named(() => import('../pages/disasters/DisastersPage'), 'DisastersPage'),
    ability: 'disaster.read',
    nav: { label: 'nav.disasters', icon: <ThunderboltOutlined /> },
  },
  {
    path: '/screening',
    page: named(() => import('../pages/screening/ScreeningPage'), 'ScreeningPage'),
    ability: 'household.read',
    nav: { label: 'nav.screening', icon: <RadarChartOutlined /> },
  },
  {
    path: '/rhythm',
    page: named(() => import('../pages/rhythm/RhythmPage'), 'RhythmPage'),
    ability: 'rhythm.read',
    nav: { label: 'nav.rhythm', icon: <CalendarOutlined /> },
  },
  {
    path: '/halfmonth',
    page: named(() => import('../pages/rhythm/HalfMonthPage'), 'HalfMonthPage'),
    ability: 'halfmonth.read',
    nav: { label: 'nav.halfmonth', icon: <OrderedListOutlined /> },
  },
  {
    path: '/publicity',
    page: named(() => import('../pages/supervision/PublicityPage'), 'PublicityPage'),
    ability: 'publicity.read',
    nav: { label: 'nav.publicity', icon: <ReadOutlined /> },
  },
  {
    path: '/ledgers',
    page: named(() => import('../pages/ledgers/LedgersPage'), 'LedgersPage'),
    ability: 'ledger.read',
    nav: { label: 'nav.ledgers', icon: <AuditOutlined /> },
  },
  {
    path: '/eight-points',
    page: named(() => import('../pages/supervision/EightPointsPage'), 'EightPointsPage'),
    ability: 'supervision.read',
    nav: { label: 'nav.eightPoints', icon: <FundProjectionScreenOutlined /> },
  },
  {
    path: '/data-quality',
    page: named(() => import('../pages/supervision/DataQualityPage'), 'DataQualityPage'),
    ability: 'ledger.read',
    nav: { label: 'nav.dataQuality', icon: <SafetyCertificateOutlined /> },
  },
  {
    path: '/reports',
    page: named(() => import('../pages/reports/ReportsPage'), 'ReportsPage'),
    ability: 'report.read',
    nav: { label: 'nav.reports', icon: <BarChartOutlined /> },
  },
];

/** Pages anyone may open without signing in: the farmer's self-application and its status (S1 §四(二)1). */
export const PUBLIC_PAGES: { path: string; page: ComponentType }[] = [
  { path: '/apply', page: named(() => import('../pages/public/ApplyPage'), 'ApplyPage') },
  { path: '/apply/status', page: named(() => import('../pages/public/ApplyStatusPage'), 'ApplyStatusPage') },
];
