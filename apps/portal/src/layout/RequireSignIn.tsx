import type { ReactNode } from 'react';
import { Navigate, useLocation } from '../router';
import { useAuth } from '../auth/auth';

/** Screens for signed-in participants send everyone else to sign in, and back here afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { token } = useAuth();
  const location = useLocation();
  if (!token) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
