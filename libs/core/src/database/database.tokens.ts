/** The connection URL the app resolved at start (configured, or the embedded server's). */
export const DATABASE_URL = Symbol('DATABASE_URL');
