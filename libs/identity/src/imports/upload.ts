import { FileUploadInterceptor } from '#core';

/** One file of at most 10 MB, kept in memory: imports are read whole and checked before anything is written. */
export const SpreadsheetUploadInterceptor = FileUploadInterceptor({ maxBytes: 10 * 1024 * 1024 });
