import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouteError } from './layout/RouteError';

/** Each screen is its own chunk, loaded when first visited (React Router lazy routes). */
const page = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  { path: '/login', ...page(() => import('./pages/SignInPage')), errorElement: <RouteError /> },
  // The host screen fills the projector: outside the shell.
  { path: '/live/:gameId/host', ...page(() => import('./live/LiveHostPage')), errorElement: <RouteError /> },
  {
    path: '/',
    ...page(() => import('./layout/Shell')),
    errorElement: <RouteError />,
    children: [
      { index: true, ...page(() => import('./pages/HomeRedirect')) },
      { path: 'banks', ...page(() => import('./pages/BanksPage')) },
      { path: 'banks/:bankId', ...page(() => import('./pages/BankQuestionsPage')) },
      { path: 'banks/:bankId/questions/new', ...page(() => import('./pages/QuestionEditorPage')) },
      { path: 'banks/:bankId/import', ...page(() => import('./pages/ImportPage')) },
      { path: 'units', ...page(() => import('./pages/UnitsPage')) },
      { path: 'units/import', ...page(() => import('./pages/UnitImportPage')) },
      { path: 'units/:unitId/members/import', ...page(() => import('./pages/MemberImportPage')) },
      { path: 'people', ...page(() => import('./pages/PeoplePage')) },
      { path: 'questions/:questionId', ...page(() => import('./pages/QuestionDetailPage')) },
      { path: 'questions/:questionId/edit', ...page(() => import('./pages/QuestionEditorPage')) },
      { path: 'certificates', ...page(() => import('./pages/CertificatesPage')) },
      { path: 'certificates/templates', ...page(() => import('./pages/CertificateTemplatesPage')) },
      { path: 'certificates/templates/new', ...page(() => import('./pages/CertificateTemplatePage')) },
      { path: 'certificates/templates/:templateId', ...page(() => import('./pages/CertificateTemplatePage')) },
      { path: 'certificates/issue', ...page(() => import('./pages/CertificateIssuePage')) },
      { path: 'courses', ...page(() => import('./pages/CoursesPage')) },
      { path: 'courses/:courseId', ...page(() => import('./pages/CourseEditorPage')) },
      { path: 'courses/:courseId/enrolments', ...page(() => import('./pages/CourseEnrolmentPage')) },
      { path: 'courses/:courseId/progress', ...page(() => import('./pages/CourseProgressPage')) },
      { path: 'live', ...page(() => import('./live/LiveGamesPage')) },
      { path: 'live/new', ...page(() => import('./live/LiveGameNewPage')) },
      { path: 'contests', ...page(() => import('./pages/ContestsPage')) },
      { path: 'contests/:contestId/rounds/new', ...page(() => import('./pages/RoundEditorPage')) },
      { path: 'rounds/:roundId', ...page(() => import('./pages/RoundPage')) },
      { path: 'rounds/:roundId/edit', ...page(() => import('./pages/RoundEditorPage')) },
      { path: 'reports/plan', ...page(() => import('./pages/PlanReportPage')) },
      { path: 'account/password', ...page(() => import('./pages/ChangePasswordPage')) },
      { path: '*', ...page(() => import('./pages/NotFoundPage')) },
    ],
  },
];

export const router = createBrowserRouter(routes, { basename: '/admin' });
