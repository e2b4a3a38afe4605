import { AppError, FileUploadInterceptor } from '#core';
import { IMPORT_LIMITS } from '../formats/index.js';

const megabytes = Math.round(IMPORT_LIMITS.maxFileBytes / 1024 / 1024);

/** The import file, refused with IMPORT_TOO_LARGE as soon as it passes the limit. */
export const ImportFileInterceptor = FileUploadInterceptor({
  maxBytes: IMPORT_LIMITS.maxFileBytes,
  tooLarge: () =>
    new AppError(
      'IMPORT_TOO_LARGE',
      { maxBytes: IMPORT_LIMITS.maxFileBytes },
      {
        vi: `Tệp nhập vượt quá giới hạn ${megabytes} MB.`,
        en: `The import file is over the ${megabytes} MB limit.`,
      },
    ),
});
