import { localMessage, localReason, type ErrorExtensions } from './i18n/errors';

/** The token from `login`, kept for the session, and a small client for the domain operations. */
const TOKEN = 'lawcheck.token';
const USER = 'lawcheck.user';

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  role: 'ADMIN' | 'MANAGER' | 'OFFICER' | 'LAWYER' | 'REVIEWER';
  departmentId: string | null;
}

export const session = {
  token: () => localStorage.getItem(TOKEN),
  user: (): CurrentUser | null => {
    const raw = localStorage.getItem(USER);
    return raw ? (JSON.parse(raw) as CurrentUser) : null;
  },
  set(token: string, user: CurrentUser) {
    localStorage.setItem(TOKEN, token);
    localStorage.setItem(USER, JSON.stringify(user));
  },
  clear() {
    localStorage.removeItem(TOKEN);
    localStorage.removeItem(USER);
  },
};

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly field: string | undefined,
    /** Bad input: what is wrong, in the UI's language, without the field's name (shown on the field). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** POST /graphql with the session's token; the first error becomes an ApiError. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = session.token();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    data?: T;
    errors?: { message: string; extensions?: ErrorExtensions }[];
  };
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(
      localMessage(e.message, e.extensions),
      e.extensions?.code,
      e.extensions?.field,
      localReason(e.extensions),
    );
  }
  return body.data as T;
}

/** fetch with the session's token (PDF and exports). */
export function authorizedFetch(url: string): Promise<Response> {
  const token = session.token();
  return fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
