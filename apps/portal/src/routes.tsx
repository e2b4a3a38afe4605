import { lazy } from 'react';
import type { Route } from './router';

/** Each screen is its own chunk, loaded when first visited; the home page is part of the first load. */
export const routes: Route[] = [
  { path: '/', Component: lazy(() => import('./pages/HomePage')) },
  { path: '/login', Component: lazy(() => import('./pages/SignInPage')) },
  { path: '/register', Component: lazy(() => import('./pages/RegisterPage')) },
  { path: '/rounds/:roundId', Component: lazy(() => import('./pages/RoundRulesPage')) },
  { path: '/rounds/:roundId/attempt', Component: lazy(() => import('./pages/AttemptPage')) },
  { path: '/attempts/:attemptId', Component: lazy(() => import('./pages/ResultPage')) },
  { path: '/play', Component: lazy(() => import('./pages/PlayPage')) },
  { path: '/account/password', Component: lazy(() => import('./pages/ChangePasswordPage')) },
  { path: '/courses', Component: lazy(() => import('./pages/MyCoursesPage')) },
  { path: '/courses/:courseId', Component: lazy(() => import('./pages/CoursePage')) },
  { path: '/lessons/:lessonId', Component: lazy(() => import('./pages/LessonPage')) },
  { path: '/verify', Component: lazy(() => import('./pages/VerifyPage')) },
  { path: '/verify/:code', Component: lazy(() => import('./pages/VerifyPage')) },
  { path: '/certificates', Component: lazy(() => import('./pages/MyCertificatesPage')) },
  { path: '*', Component: lazy(() => import('./pages/NotFoundPage')) },
];
