import {
  Admin,
  CustomRoutes,
  Layout,
  Menu,
  Resource,
  localStorageStore,
  usePermissions,
  useTranslate,
  type LayoutProps,
} from 'react-admin';
import GavelIcon from '@mui/icons-material/Gavel';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from 'react-admin';
import { Route } from 'react-router-dom';
import { ResourceCreate, ResourceEdit, ResourceList, ResourceShow } from './common/views';
import type { Role } from './common/fields';
import { i18nProvider } from './i18n';
import { authProvider, dataProvider } from './providers';
import { RESOURCES } from './resources';
import { darkTheme, lightTheme } from './theme';

// The heavier pages load on first use, so the login and lists come up without them.
function lazyPage(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  };
}
import { Home } from './home/Home';
const LeniencyDesk = lazyPage(async () => (await import('./desk/LeniencyDesk')).LeniencyDesk);
const ReportShow = lazyPage(async () => (await import('./reports/ReportShow')).ReportShow);
const ListShow = lazyPage(async () => (await import('./lists/ListShow')).ListShow);
const CaseShow = lazyPage(async () => (await import('./cases/CaseShow')).CaseShow);
const ImportPage = lazyPage(async () => (await import('./import/ImportPage')).ImportPage);
const IMPORT_ROLES: Role[] = ['ADMIN', 'MANAGER'];

const DESK_ROLES: Role[] = ['ADMIN', 'MANAGER', 'OFFICER'];
const CUSTOM_SHOW: Record<string, ComponentType> = {
  CheckupReport: ReportShow,
  LeniencyList: ListShow,
  PenaltyCase: CaseShow,
};

function AppMenu() {
  const { permissions } = usePermissions<Role>();
  const translate = useTranslate();
  return (
    <Menu>
      <Menu.DashboardItem />
      {permissions && DESK_ROLES.includes(permissions) && (
        <Menu.Item to="/desk" primaryText={translate('lawcheck.desk.title')} leftIcon={<GavelIcon />} />
      )}
      <Menu.ResourceItems />
      {permissions && IMPORT_ROLES.includes(permissions) && (
        <Menu.Item
          to="/import"
          primaryText={translate('lawcheck.ui.import.title')}
          leftIcon={<UploadFileIcon />}
        />
      )}
    </Menu>
  );
}

const AppLayout = (props: LayoutProps) => <Layout {...props} menu={AppMenu} />;

/** The panel: menus and pages follow the role; the server stays the authority. */
export function App() {
  return (
    <Admin
      // No telemetry: a government system on a closed network calls no one (and the CSP forbids it).
      disableTelemetry
      title="Lawcheck"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      store={localStorageStore(undefined, 'lawcheck')}
      dashboard={Home}
      theme={lightTheme}
      darkTheme={darkTheme}
      layout={AppLayout}
      requireAuth
    >
      {(permissions: Role) => [
        DESK_ROLES.includes(permissions) && (
          <CustomRoutes key="desk">
            <Route path="/desk" element={<LeniencyDesk />} />
          </CustomRoutes>
        ),
        IMPORT_ROLES.includes(permissions) && (
          <CustomRoutes key="import">
            <Route path="/import" element={<ImportPage />} />
          </CustomRoutes>
        ),
        ...RESOURCES.filter((r) => r.read.includes(permissions)).map((r) => (
          <Resource
            key={r.name}
            name={r.name}
            recordRepresentation={r.representation}
            list={() => <ResourceList r={r} />}
            show={CUSTOM_SHOW[r.name] ?? (() => <ResourceShow r={r} />)}
            edit={r.edit.includes(permissions) ? () => <ResourceEdit r={r} /> : undefined}
            create={r.create.includes(permissions) ? () => <ResourceCreate r={r} /> : undefined}
          />
        )),
      ]}
    </Admin>
  );
}
