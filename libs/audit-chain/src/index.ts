export * from './audit-chain';
export * from './chain-verification';
