// Runs the portable edge suite under Deno and prints the results as one JSON line.
import { runPortableSuite } from './portable-suite.ts';

console.log(JSON.stringify(await runPortableSuite()));
