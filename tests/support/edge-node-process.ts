// Runs the Node edge as its own process for end-to-end tests and benchmarks: settings from the
// environment (edgeSettingsFromEnv), prints `listening <port>` once serving, exits on SIGTERM.
// Run: SMARTDB_REGIONS=a=http://127.0.0.1:8081 PORT=0 node --import tsx tests/support/edge-node-process.ts
import { edgeSettingsFromEnv } from '../../edge/src/config.ts';
import { startEdgeNode } from '../../edge/src/node.ts';

const parsed = edgeSettingsFromEnv(process.env);
if (!parsed.ok) {
  console.error(`smartdb edge: ${parsed.message}`);
  process.exit(1);
}
const running = await startEdgeNode(parsed.settings);
process.stdout.write(`listening ${running.port}\n`);
process.stdin.on('end', () => process.exit(0)).resume();
process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
