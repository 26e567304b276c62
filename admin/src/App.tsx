import { Admin, Resource, localStorageStore } from 'react-admin';
import { Dashboard } from './Dashboard';
import { ResourceCreate, ResourceEdit, ResourceList, ResourceShow } from './common/views';
import type { Role } from './common/fields';
import { i18nProvider } from './i18n';
import { authProvider, dataProvider } from './providers';
import { RESOURCES } from './resources';

/** The panel: menus and pages follow the role; the server stays the authority. */
export function App() {
  return (
    <Admin
      title="Lawcheck"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      store={localStorageStore(undefined, 'lawcheck')}
      dashboard={Dashboard}
      requireAuth
    >
      {(permissions: Role) =>
        RESOURCES.filter((r) => r.read.includes(permissions)).map((r) => (
          <Resource
            key={r.name}
            name={r.name}
            recordRepresentation={r.representation}
            list={() => <ResourceList r={r} />}
            show={() => <ResourceShow r={r} />}
            edit={r.edit.includes(permissions) ? () => <ResourceEdit r={r} /> : undefined}
            create={r.create.includes(permissions) ? () => <ResourceCreate r={r} /> : undefined}
          />
        ))
      }
    </Admin>
  );
}
