export * from './terms.module';
export * from './terms.service';
export * from './domain/term-calendar';
export * from './domain/roster-rules';
export * from './domain/terms.errors';
export * from './persistence';
