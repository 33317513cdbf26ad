// Renders Mermaid diagrams with real Mermaid in a local chromium, all in one browser session.
//   node render-all.mjs <diagrams.json> <chromium> <cliCount>
// diagrams.json: an array of diagram texts (without the ``` fence).
//
// Every diagram is rendered by `mermaid.render` in one page, with the very Mermaid build mermaid-cli ships
// (resolved from @mermaid-js/mermaid-cli's own dependencies): ~40 ms a diagram. The first <cliCount> are
// also rendered through mermaid-cli's own `renderMermaid` (a fresh page each, ~0.6–1.5 s), so the two
// paths are known to agree. Prints one JSON object on stdout:
//   { results: [{ index, ok, error? }], cli: [{ index, ok, error? }] }
// `ok` is false on a parse or render error, or when the SVG draws a NaN coordinate (a line with fewer
// values than the axis: Mermaid logs it but does not fail).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { renderMermaid } from '@mermaid-js/mermaid-cli';
import puppeteer from 'puppeteer';
/* global mermaid -- the bundle added to the page defines it */

const [file, executablePath, cliCountArg] = process.argv.slice(2);
const diagrams = JSON.parse(fs.readFileSync(file, 'utf8'));
const cliCount = Math.max(0, Number(cliCountArg) || 0);
const requireFromCli = createRequire(import.meta.resolve('@mermaid-js/mermaid-cli'));
const mermaidBundle = requireFromCli.resolve('mermaid/dist/mermaid.min.js');

const svgProblems = (svg) => {
  const problems = [];
  if (/Syntax error in text/i.test(svg)) problems.push('the SVG is Mermaid\'s "Syntax error" picture');
  if (/="[^"]*NaN[^"]*"/.test(svg)) problems.push('the SVG has a NaN coordinate');
  return problems.join('; ') || undefined;
};

const browser = await puppeteer.launch({ executablePath, args: ['--no-sandbox'], headless: true });
let results;
const cli = [];
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: mermaidBundle });
  const rendered = await page.evaluate(async (definitions) => {
    // GitHub renders with securityLevel strict.
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    const out = [];
    for (const [index, definition] of definitions.entries()) {
      try {
        const { svg } = await mermaid.render(`diagram-${index}`, definition);
        out.push({ index, svg });
      } catch (error) {
        out.push({ index, error: String(error?.message ?? error).slice(0, 2000) });
      }
    }
    return out;
  }, diagrams);
  results = rendered.map(({ index, svg, error }) => {
    const problem = error ?? svgProblems(svg);
    return { index, ok: problem === undefined, error: problem };
  });

  const warn = console.warn;
  console.warn = () => {}; // renderMermaid relays the page's console; the result is what counts.
  for (let index = 0; index < Math.min(cliCount, diagrams.length); index += 1) {
    try {
      const { data } = await renderMermaid(browser, diagrams[index], 'svg');
      const problem = svgProblems(Buffer.from(data).toString('utf8'));
      cli.push({ index, ok: problem === undefined, error: problem });
    } catch (error) {
      cli.push({ index, ok: false, error: String(error?.message ?? error).slice(0, 2000) });
    }
  }
  console.warn = warn;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ results, cli }));
