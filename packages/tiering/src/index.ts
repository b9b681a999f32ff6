export * from './auto-index.ts';
export * from './migrate.ts';
export * from './retime.ts';
export * from './score.ts';
export * from './tierer.ts';
