import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, use, useCallback, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { session } from './session';

export type User = Schemas['UserResponseDto'];

interface AuthState {
  token: string | null;
  user: User | null;
  signIn(token: string, user: User): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(session.subscribe, session.token);
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
    (newToken: string, user: User) => {
      queryClient.setQueryData(['me', newToken], user);
      session.set(newToken, user);
    },
    [queryClient],
  );
  const signOut = useCallback(() => {
    session.clear();
    queryClient.clear();
  }, [queryClient]);
  const user = token ? (me.data ?? null) : null;
  const value = useMemo<AuthState>(() => ({ token, user, signIn, signOut }), [token, user, signIn, signOut]);
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthState {
  const state = use(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
