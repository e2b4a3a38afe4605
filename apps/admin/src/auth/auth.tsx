import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, use, useCallback, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { Role } from '#contracts';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { session } from './session';

export type User = Schemas['UserResponseDto'];

interface AuthState {
  token: string | null;
  user: User | null;
  loading: boolean;
  signIn(token: string, user: User): void;
  signOut(): void;
  /** Admin passes every role check, as on the API. */
  hasRole(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(session.subscribe, session.token);
  const me = useQuery({
    queryKey: ['me', token],
    queryFn: () => unwrap(api.GET('/api/v1/auth/me')),
    enabled: token !== null,
    staleTime: 5 * 60_000,
  });
  const signIn = useCallback(
    (newToken: string, user: User) => {
      queryClient.setQueryData(['me', newToken], user);
      session.set(newToken);
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
      signIn,
      signOut,
      hasRole: (...roles) => !!user && (user.roles.includes('admin') || roles.some((r) => user.roles.includes(r))),
    }),
    [token, user, me.isPending, signIn, signOut],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthState {
  const state = use(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
