// ApiError, unwrap and fieldErrors are the admin app's: one definition of the API's error body for both apps.
import { ApiError } from '../../../admin/src/api/shared';
import i18n from '../i18n';

export { ApiError, fieldErrors, unwrap } from '../../../admin/src/api/shared';

/** No answer from the server at all (offline, dropped connection), as opposed to an answer that says no. */
export const isNetworkError = (error: unknown): boolean => error instanceof TypeError;

/**
 * What to show a person. The API's message is already in the page's language (every request carries it as
 * Accept-Language), so the portal does not ship the error catalogue of every module in its first load.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (isNetworkError(error)) return i18n.t('errors.network');
  return i18n.t('errors.unknown');
}
