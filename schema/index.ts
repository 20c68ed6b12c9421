export * from './columns';
export * from './org-units';
export * from './tenants';
export * from './users';
