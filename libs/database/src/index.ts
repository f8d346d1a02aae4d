export * from './embedded-postgres';
export * from './snake-naming.strategy';
export * from './data-source-options';
export * from './database-settings';
export * from './query-counter';
export * from './postgres-errors';
export * from './instant-keyset-page';
export * from './session-settings';
