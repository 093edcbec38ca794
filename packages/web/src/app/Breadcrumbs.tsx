import { Breadcrumb } from 'antd';
import { Link, matchPath, useLocation } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { PAGES } from './routes';

/** '/households/7/file' → ['/households', '/households/7', '/households/7/file']. */
function prefixes(pathname: string): string[] {
  const parts = pathname.split('/').filter(Boolean);
  return parts.map((_p, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * Where the page sits: 工作台 / the menu page / the record / the sub-page, each a link but the last. From the page
 * table, so a new page gets its crumb from its line there (`nav.label` or `crumb`).
 */
export function Breadcrumbs() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const trail = prefixes(pathname).flatMap((path) => {
    const route = PAGES.find((p) => matchPath(p.path, path));
    const label = route?.nav?.label ?? route?.crumb;
    return route && label ? [{ path, label: t(label) }] : [];
  });
  if (!trail.length || pathname === '/dashboard') return null;
  const home = { path: '/dashboard', label: t('nav.dashboard') };
  const items = [home, ...trail].map((c, i, all) => ({
    key: c.path,
    title: i < all.length - 1 ? <Link to={c.path}>{c.label}</Link> : <span aria-current="page">{c.label}</span>,
  }));
  return (
    <nav aria-label={t('crumb.label')} className="no-print" style={{ marginBottom: 12 }} data-testid="breadcrumbs">
      <Breadcrumb items={items} />
    </nav>
  );
}
