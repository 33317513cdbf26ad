// Entry of dist/post/index.js: the action's post step (runs with `post-if: always()`).
import { runPostStep } from './post-step.js';

// runPostStep turns every problem into a warning; nothing here may fail the job.
void runPostStep().catch(() => undefined);
