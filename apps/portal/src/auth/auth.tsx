import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, use, useCallback, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { session } from './session';

export type User = Schemas['UserResponseDto'];

/** The change-password page: the shell's link, and the only page a person signed in with a one-time password sees. */
export const CHANGE_PASSWORD_PATH = '/account/password';

interface AuthState {
  token: string | null;
  user: User | null;
  /** Signed in with a one-time password: only the change-password page is shown until it is changed. */
  mustChangePassword: boolean;
  /** Keeps a sign-in's (or a password change's) token and user, as the API answered them. */
  signIn(token: string, user: User, mustChangePassword: boolean): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(session.subscribe, session.token);
  const mustChangePassword = useSyncExternalStore(session.subscribe, session.mustChangePassword);
  // The remembered person shows at once (and offline); /auth/me refreshes it when the network answers.
  const me = useQuery({
    queryKey: ['me', token],
    queryFn: () => unwrap(api.GET('/api/v1/auth/me')),
    enabled: token !== null,
    staleTime: 5 * 60_000,
    initialData: () => session.user<User>() ?? undefined,
    initialDataUpdatedAt: 0,
  });
  useEffect(() => {
    if (me.data && token) session.rememberUser(me.data);
  }, [me.data, token]);
  const signIn = useCallback(
    (newToken: string, user: User, mustChange: boolean) => {
      queryClient.setQueryData(['me', newToken], user);
      session.set(newToken, user, mustChange);
    },
    [queryClient],
  );
  const signOut = useCallback(() => {
    session.clear();
    queryClient.clear();
  }, [queryClient]);
  const user = token ? (me.data ?? null) : null;
  const value = useMemo<AuthState>(
    () => ({ token, user, mustChangePassword: token !== null && mustChangePassword, signIn, signOut }),
    [token, user, mustChangePassword, signIn, signOut],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthState {
  const state = use(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
