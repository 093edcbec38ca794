import {
  AuditOutlined,
  BookOutlined,
  CheckSquareOutlined,
  ExperimentOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Action } from '@dixian/core';
import { named, type PageRoute } from './page-route';
import { MONITORING_PAGES } from './routes-monitoring';

/**
 * The page table: every signed-in page, the ability its role needs (from the server's `abilities`; the server
 * still checks every request) and, for pages in the menu, the menu label and icon. The menu shows the pages
 * the role may use, in this order; `/` goes to the first of them. To add a page: write it under src/pages/,
 * add a line here (and a message key for its label). Pages load lazily, so a phone only fetches what it opens.
 */
export type { PageRoute };

export const PAGES: PageRoute[] = [
  {
    path: '/dashboard',
    page: named(() => import('../pages/DashboardPage'), 'DashboardPage'),
    ability: 'household.read',
    nav: { label: 'nav.dashboard', icon: <DashboardOutlined /> },
  },
  {
    path: '/households',
    page: named(() => import('../pages/RegistryPage'), 'RegistryPage'),
    ability: 'household.read',
    nav: { label: 'nav.registry', icon: <TeamOutlined /> },
  },
  {
    path: '/households/new',
    page: named(() => import('../pages/household/NewHouseholdPage'), 'NewHouseholdPage'),
    ability: 'household.create',
    crumb: 'crumb.newHousehold',
  },
  {
    path: '/registry/import',
    page: named(() => import('../pages/registry/RegistryImportPage'), 'RegistryImportPage'),
    ability: 'registry.import',
    crumb: 'crumb.import',
  },
  {
    path: '/households/:id',
    page: named(() => import('../pages/household/HouseholdPage'), 'HouseholdPage'),
    ability: 'household.read',
    crumb: 'crumb.household',
  },
  {
    path: '/households/:id/file',
    page: named(() => import('../pages/household/HouseholdFilePage'), 'HouseholdFilePage'),
    ability: 'household.read',
    crumb: 'crumb.file',
  },
  ...MONITORING_PAGES,
  {
    path: '/changes',
    page: named(() => import('../pages/changes/ChangeRequestsPage'), 'ChangeRequestsPage'),
    ability: 'change.request',
    nav: { label: 'nav.changes', icon: <SwapOutlined /> },
  },
  {
    path: '/changes/:id',
    page: named(() => import('../pages/changes/ChangeRequestPage'), 'ChangeRequestPage'),
    ability: 'change.request',
    crumb: 'crumb.change',
  },
  {
    path: '/deadlines',
    page: named(() => import('../pages/DeadlinesPage'), 'DeadlinesPage'),
    ability: 'case.read',
    nav: { label: 'nav.deadlines', icon: <FieldTimeOutlined /> },
  },
  {
    path: '/todo',
    page: named(() => import('../pages/TodoPage'), 'TodoPage'),
    ability: 'message.read',
    nav: { label: 'nav.todo', icon: <CheckSquareOutlined /> },
  },
  {
    path: '/policy',
    page: named(() => import('../pages/PolicyPage'), 'PolicyPage'),
    ability: 'policy.read',
    nav: { label: 'nav.policy', icon: <BookOutlined /> },
  },
  {
    path: '/scenarios',
    page: named(() => import('../pages/scenarios/ScenariosPage'), 'ScenariosPage'),
    ability: 'scenario.run',
    nav: { label: 'nav.scenarios', icon: <ExperimentOutlined /> },
  },
  {
    path: '/scenarios/:id',
    crumb: 'crumb.scenario',
    page: named(() => import('../pages/scenarios/ScenarioPage'), 'ScenarioPage'),
    ability: 'scenario.run',
  },
  {
    path: '/downloads',
    page: named(() => import('../pages/downloads/DownloadsPage'), 'DownloadsPage'),
    // everyone's own files; the header's button opens it
    ability: 'message.read',
    crumb: 'crumb.downloads',
  },
  {
    path: '/users',
    page: named(() => import('../pages/admin/UsersPage'), 'UsersPage'),
    ability: 'user.admin',
    nav: { label: 'nav.users', icon: <UserOutlined /> },
  },
  {
    path: '/audit',
    page: named(() => import('../pages/admin/AuditPage'), 'AuditPage'),
    ability: 'audit.read',
    nav: { label: 'nav.audit', icon: <AuditOutlined /> },
  },
];

/** May a role with these abilities open the page? */
export function allowed(route: Pick<PageRoute, 'ability'>, can: (a: Action) => boolean): boolean {
  const list = Array.isArray(route.ability) ? route.ability : [route.ability];
  return list.some(can);
}
