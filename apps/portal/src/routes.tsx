import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouteError } from './layout/RouteError';

/** Each screen is its own chunk, loaded when first visited (React Router lazy routes). */
const page = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  {
    path: '/',
    ...page(() => import('./layout/Shell')),
    errorElement: <RouteError />,
    children: [
      { index: true, ...page(() => import('./pages/HomePage')) },
      { path: 'login', ...page(() => import('./pages/SignInPage')) },
      { path: 'register', ...page(() => import('./pages/RegisterPage')) },
      { path: 'rounds/:roundId', ...page(() => import('./pages/RoundRulesPage')) },
      { path: 'rounds/:roundId/attempt', ...page(() => import('./pages/AttemptPage')) },
      { path: 'attempts/:attemptId', ...page(() => import('./pages/ResultPage')) },
      { path: 'play', ...page(() => import('./pages/PlayPage')) },
      { path: 'verify/:code', ...page(() => import('./pages/VerifyPage')) },
      { path: '*', ...page(() => import('./pages/NotFoundPage')) },
    ],
  },
];

export const router = createBrowserRouter(routes);
