#!/usr/bin/env node
// Where a CPU profile's time went: `node bench/cpu-profile.mjs FILE.cpuprofile [TOP]` prints self time by
// function and by category (GC, idle, program, each source file). Profiles come from
// `node bench/run.mjs --only NAME --cpu-prof DIR` (or `node --cpu-prof dist/cli/index.js …`).
import fs from 'node:fs';
import path from 'node:path';

const [file, topArg, stacksArg] = process.argv.slice(2);
if (!file) {
  console.error('Usage: node bench/cpu-profile.mjs FILE.cpuprofile [TOP] [STACKS]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i += 1) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const totalUs = profile.endTime - profile.startTime;
const byFunction = new Map();
const byCategory = new Map();
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id);
  const where = callFrame.url ? `${path.basename(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
  const name = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  const category = callFrame.url ? path.basename(callFrame.url) : callFrame.functionName || '(anonymous)';
  byCategory.set(category, (byCategory.get(category) ?? 0) + us);
}
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${name}`,
    );
  }
};
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms profiled, ${profile.samples.length} samples`);
print('Self time by category', byCategory);
print('Self time by function', byFunction);

// The heaviest call stacks (4 frames) under the functions with the most self time, for the first STACKS of them.
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const frameName = (node) =>
  `${node.callFrame.functionName || '(anonymous)'}${node.callFrame.url ? ` ${path.basename(node.callFrame.url)}:${node.callFrame.lineNumber + 1}` : ''}`;
const stacks = new Map();
for (const [id, us] of selfUs) {
  const frames = [];
  for (let at = id; at !== undefined && frames.length < 5; at = parent.get(at))
    frames.push(frameName(byId.get(at)));
  const key = frames.join(' ← ');
  stacks.set(key, (stacks.get(key) ?? 0) + us);
}
const stackCount = Number(stacksArg ?? 0);
if (stackCount > 0) {
  console.log('\nHeaviest stacks (self time, innermost first)');
  for (const [key, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, stackCount)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${key}`);
  }
}
