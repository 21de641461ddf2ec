/**
 * What every failed form render must look like (views/partials/error-summary.ejs): the error
 * summary is the first element of <main>, focusable and announced, its links point at
 * elements of the page in the order they appear, and every form that posts from the page
 * lands on it (`action="…#loi"`), so a phone shows the errors without JavaScript.
 */
import assert from 'node:assert/strict';

export interface SummaryFound {
  /** The summary's text, tags stripped. */
  text: string;
  /** The ids its links point at, in the summary's order. */
  targets: string[];
}

/** The `<main>` element's inner HTML. */
export function mainOf(html: string): string {
  const open = /<main\b[^>]*>/.exec(html);
  assert.ok(open, 'the page has a <main>');
  const end = html.lastIndexOf('</main>');
  assert.ok(end > open.index, 'the page has a </main>');
  return html.slice(open.index + open[0].length, end);
}

/**
 * Asserts the page is a proper failed-form render and returns its summary. `fields`, when
 * given, are the ids the summary must link to, in this order (the form's order).
 */
export function assertErrorSummary(html: string, label: string, fields?: readonly string[]): SummaryFound {
  const main = mainOf(html);
  const first = /^\s*<([a-z0-9]+)\b([^>]*)>/i.exec(main);
  assert.ok(first, `${label}: <main> has a first element`);
  assert.match(first[2]!, /class="error-summary"/, `${label}: the error summary is the first thing in <main>, found <${first[1]}${first[2]}>`);
  for (const attr of ['id="loi"', 'role="alert"', 'tabindex="-1"', 'autofocus']) assert.ok(first[2]!.includes(attr), `${label}: the summary has ${attr}`);
  const close = main.indexOf('</div>', first.index);
  const box = main.slice(first.index, close);
  const targets = [...box.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
  const rest = main.slice(close);
  // Each link's target exists after the summary, and they come in the summary's order.
  let last = -1;
  for (const id of targets) {
    const at = rest.indexOf(`id="${id}"`);
    assert.ok(at >= 0, `${label}: the summary links to #${id}, which is on the page`);
    assert.ok(at > last, `${label}: #${id} comes after the previous link's field (the summary follows the form's order: ${targets.join(', ')})`);
    last = at;
  }
  if (fields) assert.deepEqual(targets, [...fields], `${label}: the summary's links`);
  // Every form that posts (except those opening a new tab: PDFs) lands back on the summary.
  for (const m of main.matchAll(/<form\b[^>]*>/g)) {
    const tag = m[0];
    if (!/method="post"/i.test(tag) || /target="_blank"/.test(tag)) continue;
    assert.match(tag, /action="[^"#]*#loi"/, `${label}: ${tag} posts to its action + #loi`);
  }
  const text = box.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return { text, targets };
}
