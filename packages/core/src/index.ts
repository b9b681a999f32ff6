export * from './config.ts';
export * from './errors.ts';
export * from './json-body.ts';
export * from './json-text.ts';
export * from './limits.ts';
export * from './record-guard.ts';
export * from './wire.ts';
