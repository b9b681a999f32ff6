export * from './cache.ts';
export * from './execute.ts';
export { type InterpretOptions, interpretQuery } from './interpret.ts';
export * from './learning.ts';
export { elementOf, pathOf, pathText, queryView, queryViews } from './nested.ts';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageOptions, planQuery, type QueryPlan } from './plan.ts';
export { suggestQuestions } from './suggestions.ts';
export * from './types.ts';
