// SQL identifier quoting shared by the SQL builders.
import pg from 'pg';

/** Quotes an SQL identifier. */
export const q = pg.escapeIdentifier;
