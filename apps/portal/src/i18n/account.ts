// The admin app's messages for the same page: one wording of it for both apps.
import { changePasswordMessages } from '../../../admin/src/i18n/change-password';

/** The change-password page's messages, loaded with that page (addMessages) to keep them out of the first load. */
export const accountMessages = {
  vi: { changePassword: { ...changePasswordMessages.vi, requiredField: 'Hãy điền ô này.' } },
  en: { changePassword: { ...changePasswordMessages.en, requiredField: 'Please fill this in.' } },
};
