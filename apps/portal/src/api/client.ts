import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '#api-schema';
import { session } from '../auth/session';
import { isPasswordChangeRequired } from '../../../admin/src/api/shared';

export type Schemas = components['schemas'];

/**
 * The one door to the API: openapi-fetch typed by the schema generated from the API's OpenAPI document
 * (npm run api:generate). A changed endpoint breaks `tsc` here instead of a student's screen.
 */
export const api = createClient<paths>({ baseUrl: '' });

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
