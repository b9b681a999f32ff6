#!/usr/bin/env node
// The smartdb command. The product runs from its TypeScript sources through tsx's loader, with the
// repository's tsconfig whatever the working directory is (it decides how JSX compiles, for one).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../region/src/cli.ts');
