import { ERROR_MESSAGES } from '#contracts';
import i18n from '../i18n';
import { ApiError } from './shared';

export { ApiError, fieldErrors, unwrap } from './shared';

/** What to show a person: the message for the error code in the chosen language, else the API's own message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const code = error.code;
    if (code && code in ERROR_MESSAGES) {
      const lang = i18n.language === 'en' ? 'en' : 'vi';
      return ERROR_MESSAGES[code][lang];
    }
    return error.message;
  }
  if (error instanceof TypeError) return i18n.t('errors.network');
  return i18n.t('errors.unknown');
}
