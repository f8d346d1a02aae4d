export * from './domain-error';
export * from './clock';
export * from './pagination';
export * from './assert-never';
export * from './ids';
export * from './choice';
export * from './canonical-json';
export * from './text';
