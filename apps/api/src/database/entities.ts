import { ACCOUNTS_ENTITIES } from '@council/accounts';
import { AuditEntryEntity } from '@council/audit';
import { MEETINGS_ENTITIES } from '@council/meetings';
import { ELECTIONS_ENTITIES } from '@council/elections';
import { TERMS_ENTITIES } from '@council/terms';

// Every entity of every library: the app's DataSource and the migration CLI use this one list.
export const ENTITIES = [
  ...ACCOUNTS_ENTITIES,
  AuditEntryEntity,
  ...TERMS_ENTITIES,
  ...MEETINGS_ENTITIES,
  ...ELECTIONS_ENTITIES,
];
