import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { barChart, escapeXml, lineChart, wrapText, type BarChartOptions, type LineChartOptions } from '../../src/features/reports/charts/svg.js';

/**
 * A small XML well-formedness check (node has no DOMParser): every tag is closed in
 * order, attributes are quoted and unique, and text and attribute values hold no raw
 * "<" and no "&" that is not a known entity.
 */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi;
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(xml))) {
    const [, closing, name, attributes, selfClosing, textContent, stray] = m;
    assert.equal(stray, undefined, `stray "<" at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (textContent !== undefined) {
      assert.ok(stack.length > 0 || textContent.trim() === '', `text outside the root: ${textContent}`);
      assert.doesNotMatch(textContent.replace(entity, ''), /[&>]/, `unescaped text: ${textContent}`);
      continue;
    }
    const attrNames = [...(attributes ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => {
      assert.doesNotMatch(a[2]!.replace(entity, ''), /[&<]/, `unescaped attribute ${a[1]}: ${a[2]}`);
      return a[1]!;
    });
    assert.equal(new Set(attrNames).size, attrNames.length, `duplicate attribute in <${name}>`);
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
}

/** The accessible frame every chart must have. */
function assertAccessibleSvg(svg: string, title: string): void {
  assertWellFormed(svg);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+(?:\.\d)? \d+(?:\.\d)?"/);
  assert.match(svg, / role="img"/);
  const labelled = / aria-labelledby="([^" ]+) ([^" ]+)"/.exec(svg);
  assert.ok(labelled, 'aria-labelledby');
  assert.ok(svg.includes(`<title id="${labelled[1]}">${escapeXml(title)}</title>`), 'title');
  assert.match(svg, new RegExp(`<desc id="${labelled[2]}">[^<]+</desc>`), 'desc');
  // The site's CSP forbids inline styles.
  assert.doesNotMatch(svg, /\sstyle\s*=/i);
  assert.doesNotMatch(svg, /<style/i);
  assert.doesNotMatch(svg, /<script|\son\w+=/i);
  assert.ok(svg.includes('font-family="system-ui, sans-serif"'));
  assert.equal(svg, svg.normalize('NFC'));
}

const count = (svg: string, needle: string) => svg.split(needle).length - 1;
/** Text content of the <text> elements (tspans joined), unescaped. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text\b[^>]*>(.*?)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/<title>.*?<\/title>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );

const MONTHS = ['01/2026', '02/2026', '03/2026', '04/2026', '05/2026', '06/2026', '07/2026', '08/2026', '09/2026', '10/2026', '11/2026', '12/2026'];

const trend: LineChartOptions = {
  title: 'Tỷ lệ giải quyết đúng hạn theo tháng',
  description: 'Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết, năm 2026',
  categories: MONTHS,
  series: [
    { name: 'Đúng hạn', values: [0.92, 0.95, null, 0.978, 0.99, 1, 0.85, 0.9, 0.93, 0.97, 0.9978, 0.96] },
    { name: '<Sở & Ngành>', values: [0.8, 0.82, 0.85, 0.9, 0.88, 0.87, 0.9, 0.91, 0.95, 0.93, 0.94, 0.9] },
  ],
  yFormat: 'percent',
  yMin: 0,
  yMax: 1,
};

const overdue: BarChartOptions = {
  title: 'Hồ sơ quá hạn theo cơ quan',
  description: 'Số hồ sơ đang quá hạn của từng cơ quan',
  categories: ['Sở Tư pháp', 'Sở Kế hoạch và Đầu tư tỉnh Đồng Nai (Phòng Đăng ký kinh doanh, tầng 2)', 'UBND phường Trấn Biên', '<Sở & Ngành>', 'Sở Tài nguyên và Môi trường'],
  series: [{ name: 'Quá hạn', values: [12, 7, 3, 0, 1250] }],
  yFormat: 'int',
};

describe('line chart', () => {
  const svg = lineChart(trend);

  test('a well-formed, accessible SVG without inline styles', () => {
    assertAccessibleSvg(svg, trend.title);
    assert.ok(svg.includes(escapeXml(trend.description)));
    assert.ok(texts(svg).includes(trend.title), 'visible title');
  });

  test('a point and a value label per non-null value; a null breaks the line', () => {
    assert.equal(count(svg, 'class="chart-point"'), 23);
    assert.equal(count(svg, 'class="chart-value"'), 23);
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(paths.length, 2);
    assert.equal(count(paths[0]!, 'M'), 2, 'the first line is broken at March');
    assert.equal(count(paths[1]!, 'M'), 1);
    const labels = texts(svg);
    for (const v of ['92,0 %', '99,8 %', '100,0 %', '80,0 %']) assert.ok(labels.includes(v), v);
    assert.ok(svg.includes('<title>Đúng hạn, 11/2026: 99,8 %</title>'));
  });

  test('axis ticks from 0 % to 100 %, every month on the category axis', () => {
    const labels = texts(svg);
    for (const t of ['0 %', '20 %', '40 %', '60 %', '80 %', '100 %']) assert.ok(labels.includes(t), t);
    for (const month of MONTHS) assert.ok(labels.includes(month), month);
  });

  test('a legend for two series, with names escaped for XML', () => {
    assert.ok(svg.includes('class="chart-legend"'));
    assert.ok(svg.includes('&lt;Sở &amp; Ngành&gt;'));
    assert.ok(!svg.includes('<Sở'));
    assert.ok(texts(svg).includes('<Sở & Ngành>'));
    const single = lineChart({ ...trend, series: [trend.series[0]!] });
    assertAccessibleSvg(single, trend.title);
    assert.ok(!single.includes('chart-legend'));
  });

  test('counts: round integer ticks above the data', () => {
    const ints = lineChart({ ...trend, yFormat: 'int', yMin: undefined, yMax: undefined, series: [{ name: 'Tiếp nhận', values: [3, 17, 9, 0, 42, 8, 11, 12, 5, 6, 7, 1] }] });
    assertAccessibleSvg(ints, trend.title);
    const labels = texts(ints);
    assert.ok(labels.includes('42'));
    assert.ok(labels.includes('50') && labels.includes('0'), labels.join('|'));
    assert.ok(!labels.some((l) => /,/.test(l)), 'no fractional ticks');
  });

  test('deterministic, with distinct ids for different charts', () => {
    assert.equal(lineChart(trend), svg);
    const id = (s: string) => / aria-labelledby="([^"]+)"/.exec(s)?.[1];
    assert.notEqual(id(lineChart({ ...trend, title: 'Khác' })), id(svg));
    assert.match(lineChart({ ...trend, id: 'xu-huong' }), /aria-labelledby="xu-huong-title xu-huong-desc"/);
  });

  test('NFD input comes out NFC', () => {
    const s = lineChart({ ...trend, title: trend.title.normalize('NFD') });
    assert.ok(s.includes(trend.title));
    assert.equal(s, s.normalize('NFC'));
  });
});

describe('bar chart', () => {
  const svg = barChart(overdue);

  test('a well-formed, accessible SVG with a bar and a value per category', () => {
    assertAccessibleSvg(svg, overdue.title);
    assert.equal(count(svg, 'class="chart-bar"'), 5);
    const labels = texts(svg);
    for (const v of ['12', '7', '3', '0', '1.250']) assert.ok(labels.includes(v), v);
    assert.ok(!svg.includes('chart-legend'), 'no legend for one series');
  });

  test('category labels escaped, long ones wrapped with the full name kept in a <title>', () => {
    assert.ok(svg.includes('&lt;Sở &amp; Ngành&gt;'));
    assert.ok(!svg.includes('<Sở'));
    const long = overdue.categories[1]!;
    const label = [...svg.matchAll(/<text[^>]*class="chart-category"[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!)[1]!;
    assert.ok(count(label, '<tspan') >= 2, label);
    // Either the whole name fits in the lines, or the cut one carries it in full.
    const shown = [...label.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((m) => m[1]).join(' ');
    assert.ok(shown === long || label.includes(`<title>${long}</title>`), label);
  });

  test('grouped and stacked series, with a legend; nulls draw no bar', () => {
    const series = [
      { name: 'Trong hạn', values: [40, 12, 5] },
      { name: 'Quá hạn', values: [3, 7, 1] },
      { name: 'Tạm dừng', values: [2, null, 9] },
    ];
    const base = { ...overdue, categories: ['Sở Tư pháp', 'Sở Kế hoạch và Đầu tư', 'UBND phường Trấn Biên'], series };
    const grouped = barChart(base);
    assertAccessibleSvg(grouped, overdue.title);
    assert.equal(count(grouped, 'class="chart-bar"'), 8);
    assert.ok(grouped.includes('class="chart-legend"'));
    const stacked = barChart({ ...base, stacked: true });
    assertAccessibleSvg(stacked, overdue.title);
    assert.equal(count(stacked, 'class="chart-bar"'), 8);
    const labels = texts(stacked);
    for (const total of ['45', '19', '15']) assert.ok(labels.includes(total), `stack total ${total}`);
    for (const name of ['Trong hạn', 'Quá hạn', 'Tạm dừng']) assert.ok(labels.includes(name), name);
  });

  test('percent bars', () => {
    const pct = barChart({ ...overdue, series: [{ name: 'Tỷ lệ đúng hạn', values: [0.9978, 0.5, 1, null, 0] }], yFormat: 'percent' });
    assertAccessibleSvg(pct, overdue.title);
    assert.equal(count(pct, 'class="chart-bar"'), 4);
    const labels = texts(pct);
    for (const v of ['99,8 %', '50,0 %', '100 %', '0 %']) assert.ok(labels.includes(v), v);
  });
});

describe('empty charts', () => {
  const cases: Array<[string, string]> = [
    ['line, no categories', lineChart({ ...trend, categories: [], series: [] })],
    ['line, only nulls', lineChart({ ...trend, series: [{ name: 'Đúng hạn', values: MONTHS.map(() => null) }] })],
    ['bar, no categories', barChart({ ...overdue, categories: [], series: [{ name: 'Quá hạn', values: [] }] })],
    ['bar, no series', barChart({ ...overdue, series: [] })],
  ];
  for (const [name, svg] of cases) {
    test(`${name}: the frame, the title and "Không có dữ liệu"`, () => {
      assertAccessibleSvg(svg, name.startsWith('line') ? trend.title : overdue.title);
      assert.ok(texts(svg).includes('Không có dữ liệu'));
      assert.ok(!svg.includes('class="chart-point"') && !svg.includes('class="chart-bar"'));
    });
  }
});

describe('helpers', () => {
  test('the well-formedness check itself rejects broken markup', () => {
    assertWellFormed('<svg a="1"><g><text>x &amp; y</text></g><rect/></svg>');
    for (const bad of ['<svg><g></svg>', '<svg><text>a & b</text></svg>', '<svg><text>a < b</text></svg>', '<svg a="1" a="2"/>', '<svg/><svg/>', '<svg a=1/>']) {
      assert.throws(() => assertWellFormed(bad), assert.AssertionError, bad);
    }
  });

  test('escapeXml escapes the five XML specials and drops characters XML forbids', () => {
    assert.equal(escapeXml(`<Sở & "Ngành" 'A'>\u0001`), '&lt;Sở &amp; &quot;Ngành&quot; &apos;A&apos;&gt;');
  });

  test('wrapText keeps to the lines allowed, cutting with an ellipsis', () => {
    const lines = wrapText('Sở Kế hoạch và Đầu tư tỉnh Đồng Nai (Phòng Đăng ký kinh doanh, tầng 2)', 150, 12, 2);
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.endsWith('…'), lines.join('|'));
    assert.deepEqual(wrapText('Sở Tư pháp', 150, 12, 2), ['Sở Tư pháp']);
  });
});
