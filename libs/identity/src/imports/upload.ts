import type { MulterModuleOptions } from '@nestjs/platform-express';

/** One file of at most 10 MB, kept in memory: imports are read whole and checked before anything is written. */
export const IMPORT_UPLOAD: MulterModuleOptions = {
  limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5, parts: 6 },
};

/** The part of multer's file object an importer uses. */
export interface UploadedSpreadsheet {
  buffer: Buffer;
  originalname: string;
}
