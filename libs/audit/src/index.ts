export * from './audit.module';
export * from './audit.service';
export * from './persistence/audit-entry.entity';
