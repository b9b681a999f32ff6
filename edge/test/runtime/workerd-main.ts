// A Worker that runs the portable edge suite inside workerd and answers with the results as JSON.
import { runPortableSuite } from './portable-suite.ts';

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runPortableSuite());
  },
};
