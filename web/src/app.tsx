// The console's routes. Pages other than login are lazy so the map library loads only with the
// territory page.
import { App as AntApp, ConfigProvider, Result, Spin, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { Permission, Role } from './api/types';
import { ConsoleLayout } from './console/layout/console-layout';
import { overdueRoles } from './console/shared/roles';
import { LoginPage } from './console/login/login-page';
import { SessionProvider, useSession } from './console/shared/session';
import { useLang } from './i18n';

const loadTerritoryPage = () => import('./console/territory/territory-page');
// The console opens on the territory map: fetch that page and the map library while the session is
// being checked, rather than after (a signed-out visitor comes back to it after signing in).
if (location.pathname === '/' || location.pathname.startsWith('/territory')) loadTerritoryPage().catch(() => undefined);
const TerritoryPage = lazy(loadTerritoryPage);
const UsersPage = lazy(() => import('./console/users/users-page'));
const AuditPage = lazy(() => import('./console/audit/audit-page'));
const MePage = lazy(() => import('./console/me/me-page'));
const GridChangesPage = lazy(() => import('./console/grid-changes/grid-changes-page'));
const ChangePage = lazy(() => import('./console/grid-changes/change-page'));
const CalendarPage = lazy(() => import('./console/calendar/calendar-page'));
const MatterListsPage = lazy(() => import('./console/matters/matter-lists-page'));
const UnitsPage = lazy(() => import('./console/units/units-page'));
const RoutingPage = lazy(() => import('./console/routing/routing-page'));
const PublicMattersPage = lazy(() => import('./public/public-matters-page'));
const DeskPage = lazy(() => import('./console/cases/desk-page'));
const UnitCasesPage = lazy(() => import('./console/cases/unit-cases-page'));
const CasePage = lazy(() => import('./console/cases/case-page'));
const OverduePage = lazy(() => import('./console/cases/overdue-page'));
const PersonsPage = lazy(() => import('./console/base/persons-page'));
const PersonPage = lazy(() => import('./console/base/person-page'));
const BuildingsPage = lazy(() => import('./console/base/buildings-page'));
const BuildingPage = lazy(() => import('./console/base/building-page'));
const HouseholdsPage = lazy(() => import('./console/base/households-page'));
const OrganisationsPage = lazy(() => import('./console/base/organisations-page'));
const WatchedPage = lazy(() => import('./console/base/watched-page'));
const CarePage = lazy(() => import('./console/base/care-page'));
const DisputesPage = lazy(() => import('./console/base/disputes-page'));
const HazardsPage = lazy(() => import('./console/base/hazards-page'));
const GrantsPage = lazy(() => import('./console/base/grants-page'));
const QualityPage = lazy(() => import('./console/base/quality-page'));
const ImportsPage = lazy(() => import('./console/base/imports-page'));

export function App() {
  const lang = useLang();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1668dc', borderRadius: 6 } }}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <ConsoleRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

function ConsoleRoutes() {
  const { ready } = useSession();
  if (!ready) return <PageSpin full />;
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* Public, no sign-in: the published matter list (Art. 12). */}
      <Route path="/matters" element={<Lazy page={<PublicMattersPage />} />} />
      <Route
        element={
          <RequireLogin>
            <ConsoleLayout />
          </RequireLogin>
        }
      >
        <Route index element={<Navigate to="/territory" replace />} />
        <Route path="/territory" element={<Lazy page={<TerritoryPage />} />} />
        <Route path="/grid-changes" element={<Lazy permission="grid.read" page={<GridChangesPage />} />} />
        <Route path="/grid-changes/:id" element={<Lazy permission="grid.read" page={<ChangePage />} />} />
        <Route path="/calendar" element={<Lazy permission="calendar.read" page={<CalendarPage />} />} />
        <Route path="/matter-lists" element={<Lazy permission="matter.read" page={<MatterListsPage />} />} />
        <Route path="/units" element={<Lazy permission="unit.read" page={<UnitsPage />} />} />
        <Route path="/routing" element={<Lazy permission="routing.read" page={<RoutingPage />} />} />
        <Route path="/desk" element={<Lazy permission="case.dispatch" page={<DeskPage />} />} />
        <Route path="/unit-cases" element={<Lazy permission="case.handle" page={<UnitCasesPage />} />} />
        <Route path="/overdue" element={<Lazy roles={overdueRoles} page={<OverduePage />} />} />
        <Route path="/cases/:id" element={<Lazy permission="case.read" page={<CasePage />} />} />
        <Route path="/persons" element={<Lazy permission="base.read" page={<PersonsPage />} />} />
        <Route path="/persons/:id" element={<Lazy permission="base.read" page={<PersonPage />} />} />
        <Route path="/buildings" element={<Lazy permission="base.read" page={<BuildingsPage />} />} />
        <Route path="/buildings/:id" element={<Lazy permission="base.read" page={<BuildingPage />} />} />
        <Route path="/households" element={<Lazy permission="base.read" page={<HouseholdsPage />} />} />
        <Route path="/organisations" element={<Lazy permission="base.read" page={<OrganisationsPage />} />} />
        <Route path="/watched-persons" element={<Lazy permission="watched.read" page={<WatchedPage />} />} />
        <Route path="/care-persons" element={<Lazy permission="base.read" page={<CarePage />} />} />
        <Route path="/disputes" element={<Lazy permission="base.read" page={<DisputesPage />} />} />
        <Route path="/hazards" element={<Lazy permission="base.read" page={<HazardsPage />} />} />
        <Route path="/base-grants" element={<Lazy permission="base.grant" page={<GrantsPage />} />} />
        <Route path="/base-quality" element={<Lazy permission="base.quality" page={<QualityPage />} />} />
        <Route path="/base-imports" element={<Lazy permissions={['base.import', 'base.export']} page={<ImportsPage />} />} />
        <Route path="/users" element={<Lazy permission="user.read" page={<UsersPage />} />} />
        <Route path="/audit" element={<Lazy permission="audit.read" page={<AuditPage />} />} />
        <Route path="/me" element={<Lazy page={<MePage />} />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function RequireLogin({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** A lazy page behind a permission, any of several permissions, or a role. */
function Lazy({ page, permission, permissions, roles }: { page: ReactNode; permission?: Permission; permissions?: Permission[]; roles?: readonly Role[] }) {
  const { can, me } = useSession();
  const { t } = useTranslation();
  if ((permission && !can(permission)) || (permissions && !permissions.some(can)) || (roles && !(me && roles.includes(me.role))))
    return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  return <Suspense fallback={<PageSpin />}>{page}</Suspense>;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

function PageSpin({ full = false }: { full?: boolean }) {
  return (
    <div className={full ? 'page-spin page-spin-full' : 'page-spin'}>
      <Spin size="large" />
    </div>
  );
}
