import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '#api-schema';
import { session } from '../auth/session';
import { isPasswordChangeRequired, unwrap } from '../../../admin/src/api/shared';
import { fetchWithEarly } from './early';

export type Schemas = components['schemas'];

/**
 * The one door to the API: openapi-fetch typed by the schema generated from the API's OpenAPI document
 * (npm run api:generate). A changed endpoint breaks `tsc` here instead of a student's screen. A call that src/early.ts
 * started as the page opened is taken instead of being sent again (api/early.ts).
 */
export const api = createClient<paths>({ baseUrl: '', fetch: fetchWithEarly });

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', document.documentElement.lang || 'vi');
    return request;
  },
  async onResponse({ response, request }) {
    // An expired or revoked token signs the person out instead of leaving every screen showing errors.
    if (response.status === 401 && !/\/auth\/(login|register)$/.test(request.url)) session.clear();
    // A password reset by an organizer while signed in: the portal turns to the change-password page.
    if (await isPasswordChangeRequired(response)) session.requirePasswordChange();
    return response;
  },
};
api.use(auth);

/**
 * A round's rules: its page's query, and the home page's head start for the rounds a participant can take now (a tap
 * on the round then shows them at once instead of after a round trip).
 */
export const roundRulesQuery = (roundId: string) => ({
  queryKey: ['round', roundId],
  queryFn: () => unwrap(api.GET('/api/v1/rounds/{roundId}', { params: { path: { roundId } } })),
});
