export { type BuildOptions, buildApp } from './app.ts';
export { ConfigError, loadConfig, type ServerConfig } from './config.ts';
export { type Database, openDatabase } from './db/database.ts';
