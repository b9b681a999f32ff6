#!/usr/bin/env node
// The smartdb command. The product runs from its TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../region/src/cli.ts');
