import type { AuthProvider, DataProvider } from 'react-admin';
import { HttpError } from 'react-admin';
import buildGraphQLProvider from 'ra-data-graphql-simple';
import { HttpLink } from '@apollo/client';
import { gql, session, type CurrentUser } from './api';
import { localMessage, type ErrorExtensions } from './i18n/errors';
import { forgetKept } from './common/useKept';

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const data = await gql<{ login: { token: string; user: CurrentUser } }>(
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id username displayName role departmentId } } }',
      { u: username, p: password },
    );
    session.set(data.login.token, data.login.user);
  },
  async logout() {
    // End the session on the server too (the token stops working at once), then forget it here.
    if (session.token()) await gql('mutation { logout }').catch(() => undefined);
    session.clear();
    // What pages kept (the desk's facts) is not for the next person at this computer.
    forgetKept();
  },
  checkAuth() {
    return session.token() ? Promise.resolve() : Promise.reject(new Error('not logged in'));
  },
  checkError(error: {
    status?: number;
    graphQLErrors?: { extensions?: { code?: string } }[];
    body?: { graphQLErrors?: { extensions?: { code?: string } }[] };
    message?: string;
  }) {
    const unauthenticated =
      error?.status === 401 ||
      [...(error?.graphQLErrors ?? []), ...(error?.body?.graphQLErrors ?? [])].some(
        (e) => e.extensions?.code === 'UNAUTHENTICATED',
      ) ||
      /UNAUTHENTICATED|请先登录/.test(error?.message ?? '');
    if (unauthenticated) {
      session.clear();
      return Promise.reject(new Error('logged out'));
    }
    return Promise.resolve();
  },
  getPermissions() {
    return Promise.resolve(session.user()?.role ?? null);
  },
  getIdentity() {
    const user = session.user();
    if (!user) return Promise.reject(new Error('not logged in'));
    return Promise.resolve({ id: user.id, fullName: `${user.displayName}（${user.username}）` });
  },
};

/** The stock ra-data-graphql-simple provider; every request carries the session's token. */
const graphQLProvider: DataProvider = buildGraphQLProvider({
  clientOptions: {
    link: new HttpLink({
      uri: '/graphql',
      fetch: (input, init) => {
        const token = session.token();
        return fetch(input, {
          ...init,
          headers: { ...(init?.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
      },
    }),
  },
});

/** ra-data-graphql's error (an HttpError whose body is Apollo's error), in the UI's language. */
function localized(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  const first = (error.body as { graphQLErrors?: { message: string; extensions?: ErrorExtensions }[] } | null)
    ?.graphQLErrors?.[0];
  return first
    ? new HttpError(localMessage(first.message, first.extensions), error.status, error.body)
    : error;
}

/** The provider every page uses: the stock one, with its errors said in one language. */
export const dataProvider: DataProvider = new Proxy(graphQLProvider, {
  get(target, prop: string) {
    const member = target[prop] as unknown;
    if (typeof member !== 'function') return member;
    return async (...args: unknown[]) => {
      try {
        return await (member as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      } catch (error) {
        throw localized(error);
      }
    };
  },
});

export { HttpError };
