export * from './classify.ts';
export * from './learn.ts';
export * from './registry.ts';
export * from './types.ts';
export * from './view.ts';
