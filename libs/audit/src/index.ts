export * from './audit.module';
export * from './audit.service';
export * from './audit-vocabulary';
export * from './persistence/audit-entry.entity';
