import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, use, useCallback, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { Role } from '#contracts';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { session } from './session';

export type User = Schemas['UserResponseDto'];

/** The change-password page: the account menu's, and the only one a person signed in with a one-time password sees. */
export const CHANGE_PASSWORD_PATH = '/account/password';

interface AuthState {
  token: string | null;
  user: User | null;
  loading: boolean;
  /** Signed in with a one-time password: only the change-password page is shown until it is changed. */
  mustChangePassword: boolean;
  /** Keeps a sign-in's (or a password change's) token and user, as the API answered them. */
  signIn(token: string, user: User, mustChangePassword: boolean): void;
  signOut(): void;
  /** Admin passes every role check, as on the API. */
  hasRole(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(session.subscribe, session.token);
  const mustChangePassword = useSyncExternalStore(session.subscribe, session.mustChangePassword);
  const me = useQuery({
    queryKey: ['me', token],
    queryFn: () => unwrap(api.GET('/api/v1/auth/me')),
    enabled: token !== null,
    staleTime: 5 * 60_000,
  });
  const signIn = useCallback(
    (newToken: string, user: User, mustChange: boolean) => {
      queryClient.setQueryData(['me', newToken], user);
      session.set(newToken, mustChange);
    },
    [queryClient],
  );
  const signOut = useCallback(() => {
    session.clear();
    queryClient.clear();
  }, [queryClient]);
  const user = token ? (me.data ?? null) : null;
  const value = useMemo<AuthState>(
    () => ({
      token,
      user,
      loading: token !== null && me.isPending,
      mustChangePassword: token !== null && mustChangePassword,
      signIn,
      signOut,
      hasRole: (...roles) => !!user && (user.roles.includes('admin') || roles.some((r) => user.roles.includes(r))),
    }),
    [token, user, me.isPending, mustChangePassword, signIn, signOut],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthState {
  const state = use(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
