export * from './audit';
export * from './columns';
export * from './departments';
export * from './imports';
export * from './org-units';
export * from './sharing';
export * from './tenants';
export * from './users';
