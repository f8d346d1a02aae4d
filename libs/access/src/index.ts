export * from './access.module';
export * from './access.service';
export * from './permissions';
export * from './principal';
export * from './role';
