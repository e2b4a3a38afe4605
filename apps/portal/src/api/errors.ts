import { ERROR_MESSAGES } from '#contracts';
// ApiError, unwrap and fieldErrors are the admin app's: one definition of the API's error body for both apps.
import { ApiError } from '../../../admin/src/api/shared';
import i18n from '../i18n';

export { ApiError, fieldErrors, unwrap } from '../../../admin/src/api/shared';

/** No answer from the server at all (offline, dropped connection), as opposed to an answer that says no. */
export const isNetworkError = (error: unknown): boolean => error instanceof TypeError;

/** What to show a person: the message for the error code in the chosen language, else the API's own message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const code = error.code;
    if (code && code in ERROR_MESSAGES) return ERROR_MESSAGES[code][i18n.language === 'en' ? 'en' : 'vi'];
    return error.message;
  }
  if (isNetworkError(error)) return i18n.t('errors.network');
  return i18n.t('errors.unknown');
}
