import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router-dom';
import { isApiError } from '../api/client';
import { SessionProvider, useSession } from '../auth/session';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { LoginPage } from '../pages/LoginPage';
import { ForbiddenPage, NotFoundPage } from '../pages/ErrorPages';
import { AccountPage } from '../pages/account/AccountPage';
import { PasswordPage } from '../pages/PasswordPage';
import { AppLayout } from './AppLayout';
import { allowed, PAGES, type PageRoute } from './routes';
import { PUBLIC_PAGES } from './routes-monitoring';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // 4xx answers are final (not found, forbidden, invalid); retry only network and server errors, once
      retry: (count, error) => count < 1 && !(isApiError(error) && error.status >= 400 && error.status < 500),
    },
  },
});

/** The offline field app: its own phone layout, outside the desk's menus (issue 18). */
const FieldApp = lazy(() => import('../features/field/FieldApp'));

const fullPage = <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;

/** Pages behind sign-in; a temporary password must be changed first. */
function RequireAuth() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return fullPage;
  if (state.status === 'anonymous')
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (state.session.user.mustChangePassword && location.pathname !== '/password')
    return <Navigate to="/password" replace />;
  return <Outlet />;
}

function RequireAbility({ route, children }: { route: PageRoute; children: ReactNode }) {
  const { can } = useSession();
  return allowed(route, can) ? <>{children}</> : <ForbiddenPage />;
}

/** `/` opens the first page of the role's menu; a village cadre on a phone, or anyone opened offline, the field app. */
function Home() {
  const { can, session, offline } = useSession();
  const phone = typeof window !== 'undefined' && window.matchMedia?.('(max-width: 767px)').matches;
  if (offline || (phone && session?.user.role === 'village_cadre' && can('visit.create'))) {
    return <Navigate to="/field" replace />;
  }
  const first = PAGES.find((p) => p.nav && allowed(p, can));
  return first ? <Navigate to={first.path} replace /> : <ForbiddenPage />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  ...PUBLIC_PAGES.map((route) => ({ path: route.path, element: <route.page /> })),
  {
    element: <RequireAuth />,
    children: [
      { path: '/password', element: <PasswordPage /> },
      { path: '/field/*', element: <FieldApp /> },
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Home /> },
          { path: '/account', element: <AccountPage /> },
          ...PAGES.map((route) => ({
            path: route.path,
            element: (
              <RequireAbility route={route}>
                <route.page />
              </RequireAbility>
            ),
          })),
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

/** People who ask for less motion (and the browser tests' screenshots) get no antd transitions. */
const reducedMotion = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

function Localized({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      // "登录", not "登 录": the accessible name stays the word people and tests look for
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#1f5fbf',
          borderRadius: 6,
          colorTextSecondary: 'rgba(0,0,0,0.62)',
          // secondary Typography and description labels: antd's 0.45 black fails WCAG AA on white (3.4:1)
          colorTextDescription: 'rgba(0,0,0,0.62)',
          colorTextTertiary: 'rgba(0,0,0,0.62)',
          // links and danger buttons (overdue visits) in colours with 4.5:1 against white (antd's defaults: 3.3–4.1)
          colorLink: '#1f5fbf',
          colorError: '#c62828',
          motion: !reducedMotion,
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localized>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <Suspense fallback={fullPage}>
              <RouterProvider router={router} />
            </Suspense>
          </SessionProvider>
        </QueryClientProvider>
      </Localized>
    </I18nProvider>
  );
}
