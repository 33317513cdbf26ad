// Entry of dist/index.js: the action's main step. The logic lives in run-action.ts so tests can import it
// without running it.
import { run } from './run-action.js';

export { run };

// run() reports every failure through core.setFailed and never rejects.
await run();
