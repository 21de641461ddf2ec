// Over 400 lines: the line and bar charts share one drawing kit (scales, text wrapping, legend, accessible root), read together.
/**
 * Server-side SVG charts for the supervisor reports, returned as strings to embed in a
 * page (inline) or serve as image/svg+xml. Readable and printable without JavaScript.
 *
 * - Accessible: role="img", aria-labelledby pointing at <title> and <desc>; every
 *   point and bar carries its own <title> (a tooltip on screen), and every value is
 *   also written next to it, so the chart reads on paper too.
 * - No inline styles: the site's Content-Security-Policy forbids style attributes and
 *   <style> elements, so only presentation attributes are used (fill, stroke,
 *   font-size, font-family, text-anchor…). Classes (chart-point, chart-bar,
 *   chart-value…) are hooks for the site's stylesheet, never required.
 * - Series differ by colour and by line dash / legend swatch; the palette keeps at
 *   least 4.5:1 contrast against white (white labels inside bars too).
 * - Text is NFC-normalized and XML-escaped; values are in Vietnamese notation
 *   ("97,8 %", "1.234").
 * - No data (no categories, no series, or only nulls): the frame, the title and
 *   "Không có dữ liệu".
 *
 * The root element carries width and height (its natural size) and a viewBox, so it
 * scales: a stylesheet rule such as `svg { max-width: 100%; height: auto }` makes it
 * fluid.
 */
import { nfc } from '../../../domain/text.js';
import { formatNumberVn, formatPercentVn, NO_DATA } from '../table.js';

export type YFormat = 'percent' | 'int';

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
}

interface ChartBase {
  /** Shown at the top and used as the accessible name. */
  title: string;
  /** The accessible description (what the chart shows, over which period). */
  description: string;
  categories: string[];
  series: ChartSeries[];
  /** 'percent': values are fractions 0..1, shown as "97,8 %"; 'int': counts. */
  yFormat: YFormat;
  /** Id prefix for <title>/<desc> (unique per page); derived from the content by default. */
  id?: string;
}

export interface LineChartOptions extends ChartBase {
  /** Value axis bounds; default 0 and (percent) 100 % or (int) a round number above the data. */
  yMin?: number;
  yMax?: number;
}

export interface BarChartOptions extends ChartBase {
  /** Stack the series in one bar per category instead of a bar per series. */
  stacked?: boolean;
}

/* ------------------------------------------------------------------ basics */

export const FONT_FAMILY = 'system-ui, sans-serif';
const WIDTH = 760;
const PAD = 16;
const INK = '#1a1a1a';
const AXIS = '#4d4d4d';
const GRID = '#d6d6d6';
const MUTED = '#595959';
/** ≥ 4.5:1 against white, distinguishable for the common colour-vision deficiencies. */
export const PALETTE = ['#0b5cad', '#b8430b', '#1c7a3e', '#7b2cbf', '#8a6100', '#b0154a'];
const DASHES = [null, '7 4', '2 3', '10 3 2 3', '4 4', '1 2'];

const colorOf = (i: number): string => PALETTE[i % PALETTE.length] ?? INK;
const dashOf = (i: number): string | null => DASHES[i % DASHES.length] ?? null;

/** XML-escaped text, safe in element content and in attribute values. */
export function escapeXml(value: string): string {
  return nfc(value)
    // Characters XML 1.0 does not allow (C0 controls but tab and line ends, U+FFFE, U+FFFF).
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** One line of label text: white space (newlines included) collapsed. */
const oneLine = (s: string): string => nfc(s).replace(/\s+/g, ' ').trim();

/** Rounded to 0.1 px: enough for any screen or printer, and a compact document. */
const r1 = (n: number): string => String(Math.round(n * 10) / 10);

type AttrValue = string | number | null | undefined;

function attrs(a: Record<string, AttrValue>): string {
  return Object.entries(a)
    .filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? r1(v) : escapeXml(v)}"`)
    .join('');
}

const el = (name: string, a: Record<string, AttrValue>, children?: string): string =>
  children === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children}</${name}>`;

function text(x: number, y: number, content: string, a: Record<string, AttrValue> = {}): string {
  return el('text', { x, y, 'font-family': FONT_FAMILY, 'font-size': 12, fill: INK, ...a }, escapeXml(content));
}

/**
 * Width of a text in a sans-serif face, estimated (no font metrics on the server):
 * narrow letters, wide letters, capitals and digits; Vietnamese marks add nothing.
 * Errs on the wide side (DejaVu Sans, the widest common fallback), so labels fit.
 */
export function estimateTextWidth(value: string, fontSize: number): number {
  let em = 0;
  for (const ch of nfc(value).normalize('NFD').replace(/\p{M}/gu, '')) {
    if (/[iljtfrI.,:;'|!()[\] ]/.test(ch)) em += 0.34;
    else if (/[mwMW]/.test(ch)) em += 0.9;
    else if (/[A-ZĐ]/.test(ch)) em += 0.72;
    else if (/\d/.test(ch)) em += 0.62;
    else em += 0.6;
  }
  return em * fontSize;
}

/** Greedy word wrap into at most `maxLines` lines, the last cut with "…" if needed. */
export function wrapText(value: string, maxWidth: number, fontSize: number, maxLines: number): string[] {
  const words = oneLine(value).split(' ').filter(Boolean);
  const lines: string[] = [];
  let current = '';
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i]!;
    const candidate = current ? `${current} ${word}` : word;
    if (!current || estimateTextWidth(candidate, fontSize) <= maxWidth) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
    if (lines.length === maxLines) break;
  }
  const cut = i < words.length;
  if (current && lines.length < maxLines) lines.push(current);
  const lastIndex = lines.length - 1;
  let last = lines[lastIndex] ?? '';
  if (cut || estimateTextWidth(last, fontSize) > maxWidth) {
    if (cut) last = `${last}…`;
    while (last.length > 1 && estimateTextWidth(last, fontSize) > maxWidth) last = `${Array.from(last.replace(/…$/, '')).slice(0, -1).join('').trimEnd()}…`;
    lines[lastIndex] = last;
  }
  return lines;
}

/* ------------------------------------------------------------------ scales */

function niceStep(span: number, ticks: number, integer: boolean): number {
  const raw = span / ticks;
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const steps = integer && mag < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const nice = (steps.find((s) => raw / mag <= s) ?? 10) * mag;
  return integer ? Math.max(1, Math.round(nice)) : nice;
}

interface Scale {
  lo: number;
  hi: number;
  ticks: number[];
  /** Decimals of the tick labels (percent). */
  decimals: number;
}

const tidy = (n: number): number => Math.round(n * 1e9) / 1e9;

/** A value axis with round ticks; data that pass the given bounds are clamped when drawn. */
function valueScale(values: readonly number[], format: YFormat, yMin?: number, yMax?: number): Scale {
  const dataMin = Math.min(0, ...values);
  const dataMax = Math.max(0, ...values);
  let lo = yMin ?? dataMin;
  let hi = yMax ?? (format === 'percent' ? Math.max(1, dataMax) : Math.max(dataMax, 1));
  if (!(hi > lo)) hi = lo + (format === 'percent' ? 0.1 : 1);
  const step = niceStep(hi - lo, 5, format === 'int');
  if (yMin === undefined) lo = tidy(Math.floor(lo / step) * step);
  if (yMax === undefined) hi = tidy(Math.ceil(hi / step) * step);
  const ticks: number[] = [];
  for (let t = tidy(Math.ceil(lo / step) * step); t <= hi + step * 1e-9; t = tidy(t + step)) ticks.push(t);
  const pct = tidy(step * 100);
  const decimals = Math.min(2, (String(pct).split('.')[1] ?? '').length);
  return { lo, hi, ticks, decimals };
}

const formatValue = (v: number, format: YFormat): string =>
  format === 'percent' ? formatPercentVn(v, 1) : formatNumberVn(v, Number.isInteger(v) ? 0 : 1);

const formatTick = (v: number, format: YFormat, decimals: number): string =>
  format === 'percent' ? formatPercentVn(v, decimals) : formatNumberVn(v, 0);

/* ----------------------------------------------------------------- framing */

function hash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function chartId(kind: string, o: ChartBase): string {
  const given = o.id?.replace(/[^A-Za-z0-9_-]/g, '');
  if (given) return /^[A-Za-z]/.test(given) ? given : `c${given}`;
  return `chart-${kind}-${hash(JSON.stringify([o.title, o.categories, o.series]))}`;
}

function svgRoot(id: string, o: ChartBase, width: number, height: number, body: string): string {
  return (
    el(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        viewBox: `0 0 ${r1(width)} ${r1(height)}`,
        width,
        height,
        role: 'img',
        'aria-labelledby': `${id}-title ${id}-desc`,
        class: 'chart',
      },
      el('title', { id: `${id}-title` }, escapeXml(oneLine(o.title))) +
        el('desc', { id: `${id}-desc` }, escapeXml(oneLine(o.description))) +
        el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }) +
        text(PAD, 28, oneLine(o.title), { 'font-size': 16, 'font-weight': 'bold', class: 'chart-title' }) +
        body,
    ) + '\n'
  );
}

function hasData(o: ChartBase): boolean {
  return o.categories.length > 0 && o.series.some((s) => s.values.some((v, i) => i < o.categories.length && typeof v === 'number' && Number.isFinite(v)));
}

function emptyChart(id: string, o: ChartBase): string {
  const height = 170;
  const body =
    el('rect', { x: PAD, y: 44, width: WIDTH - 2 * PAD, height: height - 44 - PAD, fill: 'none', stroke: GRID }) +
    text(WIDTH / 2, 44 + (height - 44 - PAD) / 2 + 5, NO_DATA, { 'font-size': 14, fill: MUTED, 'text-anchor': 'middle', class: 'chart-empty' });
  return svgRoot(id, o, WIDTH, height, body);
}

const valueAt = (s: ChartSeries, i: number): number | null => {
  const v = s.values[i];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** The legend (only for two series or more): swatch and name, wrapping to new rows. Returns its markup and height. */
function legend(series: readonly ChartSeries[], y: number, swatch: (i: number, x: number, y: number) => string): { svg: string; height: number } {
  if (series.length < 2) return { svg: '', height: 0 };
  const rowHeight = 20;
  let x = PAD;
  let row = 0;
  const items = series.map((s, i) => {
    const name = oneLine(s.name);
    const w = 30 + estimateTextWidth(name, 12) + 18;
    if (x > PAD && x + w > WIDTH - PAD) {
      x = PAD;
      row++;
    }
    const cy = y + row * rowHeight;
    const item = swatch(i, x, cy) + text(x + 30, cy + 4, name, { class: 'chart-legend-label' });
    x += w;
    return item;
  });
  return { svg: el('g', { class: 'chart-legend' }, items.join('')), height: (row + 1) * rowHeight };
}

/* -------------------------------------------------------------- line chart */

/** A line per series over the categories (e.g. the on-time rate by month). */
export function lineChart(o: LineChartOptions): string {
  const id = chartId('line', o);
  if (!hasData(o)) return emptyChart(id, o);
  const n = o.categories.length;
  const values = o.series.flatMap((s) => o.categories.map((_, i) => valueAt(s, i)).filter((v): v is number => v !== null));
  const scale = valueScale(values, o.yFormat, o.yMin, o.yMax);

  const lg = legend(o.series, 50, (i, x, y) => {
    const c = colorOf(i);
    return el('line', { x1: x, y1: y, x2: x + 24, y2: y, stroke: c, 'stroke-width': 2.5, 'stroke-dasharray': dashOf(i) }) + el('circle', { cx: x + 12, cy: y, r: 3.5, fill: c });
  });
  const plotTop = 44 + (lg.height ? lg.height + 8 : 0) + 22;
  const tickLabelWidth = Math.max(...scale.ticks.map((t) => estimateTextWidth(formatTick(t, o.yFormat, scale.decimals), 11)));
  const plotLeft = PAD + tickLabelWidth + 10;
  const plotRight = WIDTH - PAD - 8;
  const band = (plotRight - plotLeft) / n;
  const xOf = (i: number) => plotLeft + band * (i + 0.5);

  // Category labels: level if they fit, else slanted; thinned out when crowded.
  const labels = o.categories.map(oneLine);
  const widest = Math.max(...labels.map((l) => estimateTextWidth(l, 12)));
  const slanted = widest > band - 2;
  const every = Math.max(1, Math.ceil(16 / band));
  const shown = (i: number) => i % every === 0 || i === n - 1;
  const labelDepth = slanted ? Math.min(widest, 140) * Math.sin(Math.PI / 4) + 14 : 18;
  const plotHeight = 240;
  const plotBottom = plotTop + plotHeight;
  const height = plotBottom + labelDepth + 10 + PAD;
  const yOf = (v: number) => plotBottom - ((Math.min(scale.hi, Math.max(scale.lo, v)) - scale.lo) / (scale.hi - scale.lo)) * plotHeight;

  const grid = scale.ticks
    .map((t) => {
      const y = yOf(t);
      return (
        el('line', { x1: plotLeft, y1: y, x2: plotRight, y2: y, stroke: GRID, 'stroke-width': 1 }) +
        text(plotLeft - 8, y + 4, formatTick(t, o.yFormat, scale.decimals), { 'font-size': 11, fill: MUTED, 'text-anchor': 'end' })
      );
    })
    .join('');
  const axes =
    el('line', { x1: plotLeft, y1: plotTop - 6, x2: plotLeft, y2: plotBottom, stroke: AXIS, 'stroke-width': 1 }) +
    el('line', { x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: AXIS, 'stroke-width': 1 });
  const xLabels = labels
    .map((l, i) => {
      const x = xOf(i);
      const tick = el('line', { x1: x, y1: plotBottom, x2: x, y2: plotBottom + 4, stroke: AXIS, 'stroke-width': 1 });
      if (!shown(i)) return tick;
      const y = plotBottom + 18;
      return (
        tick +
        (slanted
          ? text(x, y, l, { 'text-anchor': 'end', transform: `rotate(-45 ${r1(x)} ${r1(y)})` })
          : text(x, y, l, { 'text-anchor': 'middle' }))
      );
    })
    .join('');

  /** Whether series `si` is in the lower half of the values at category `i` (ties keep series order). */
  const isLower = (si: number, i: number): boolean => {
    const here = o.series.map((s, j) => ({ j, v: valueAt(s, i) })).filter((e): e is { j: number; v: number } => e.v !== null);
    if (here.length < 2) return false;
    const rank = here.sort((a, b) => b.v - a.v || a.j - b.j).findIndex((e) => e.j === si);
    return rank >= Math.ceil(here.length / 2);
  };

  const plotted = o.series.map((s, si) => {
    const color = colorOf(si);
    const name = oneLine(s.name);
    // A null value breaks the line.
    let d = '';
    let pen = false;
    const points: string[] = [];
    const valueLabels: string[] = [];
    o.categories.forEach((_, i) => {
      const v = valueAt(s, i);
      if (v === null) {
        pen = false;
        return;
      }
      const x = xOf(i);
      const y = yOf(v);
      d += `${pen ? 'L' : 'M'}${r1(x)} ${r1(y)}`;
      pen = true;
      const label = formatValue(v, o.yFormat);
      points.push(el('circle', { class: 'chart-point', cx: x, cy: y, r: 4, fill: color, stroke: '#ffffff', 'stroke-width': 1.5 }, el('title', {}, escapeXml(`${name}, ${labels[i] ?? ''}: ${label}`))));
      // Where lines meet, the higher value is labelled above its point, the lower below.
      const below = isLower(si, i);
      valueLabels.push(
        text(x, below ? Math.min(y + 17, plotBottom - 3) : Math.max(y - 9, plotTop - 10), label, {
          class: 'chart-value',
          'font-size': 11,
          'text-anchor': 'middle',
          fill: INK,
          stroke: '#ffffff',
          'stroke-width': 3,
          'paint-order': 'stroke',
        }),
      );
    });
    return el(
      'g',
      { class: 'chart-series' },
      (d ? el('path', { d, fill: 'none', stroke: color, 'stroke-width': 2.5, 'stroke-linejoin': 'round', 'stroke-dasharray': dashOf(si) }) : '') +
        points.join('') +
        valueLabels.join(''),
    );
  });

  return svgRoot(id, o, WIDTH, height, lg.svg + grid + axes + xLabels + plotted.join(''));
}

/* --------------------------------------------------------------- bar chart */

/**
 * Horizontal bars, one band per category (long agency names read well on the left):
 * a bar per series side by side, or one stacked bar per category.
 */
export function barChart(o: BarChartOptions): string {
  const id = chartId('bar', o);
  if (!hasData(o)) return emptyChart(id, o);
  const n = o.categories.length;
  const k = o.series.length;
  const stacked = o.stacked === true && k > 1;

  // Extent of the data: per value, or per stack (positive and negative parts apart).
  const extent: number[] = [];
  o.categories.forEach((_, i) => {
    if (stacked) {
      let pos = 0;
      let neg = 0;
      for (const s of o.series) {
        const v = valueAt(s, i) ?? 0;
        if (v >= 0) pos += v;
        else neg += v;
      }
      extent.push(pos, neg);
    } else {
      for (const s of o.series) extent.push(valueAt(s, i) ?? 0);
    }
  });
  const scale = valueScale(extent, o.yFormat);

  const lg = legend(o.series, 50, (i, x, y) => el('rect', { x, y: y - 6, width: 24, height: 12, fill: colorOf(i) }));
  const plotTop = 44 + (lg.height ? lg.height + 8 : 0) + 8;

  const labelFont = 12;
  const maxLabelWidth = WIDTH * 0.34;
  const labels = o.categories.map((c) => wrapText(c, maxLabelWidth, labelFont, 2));
  const labelWidth = Math.min(maxLabelWidth, Math.max(...labels.flat().map((l) => estimateTextWidth(l, labelFont))));
  const plotLeft = PAD + labelWidth + 10;
  // Room on the right for the value written after the longest bar.
  const valueRoom = Math.max(...extent.map((v) => estimateTextWidth(formatValue(v, o.yFormat), 11))) + 12;
  const plotRight = WIDTH - PAD - valueRoom;

  const barThickness = stacked || k === 1 ? 18 : 14;
  const bandHeight = Math.max(34, (stacked ? 1 : k) * barThickness + 14);
  const plotBottom = plotTop + n * bandHeight;
  const height = plotBottom + 26 + PAD;
  const xOf = (v: number) => plotLeft + ((Math.min(scale.hi, Math.max(scale.lo, v)) - scale.lo) / (scale.hi - scale.lo)) * (plotRight - plotLeft);
  const x0 = xOf(0);

  const grid = scale.ticks
    .map((t) => {
      const x = xOf(t);
      return (
        el('line', { x1: x, y1: plotTop, x2: x, y2: plotBottom, stroke: GRID, 'stroke-width': 1 }) +
        text(x, plotBottom + 18, formatTick(t, o.yFormat, scale.decimals), { 'font-size': 11, fill: MUTED, 'text-anchor': 'middle' })
      );
    })
    .join('');
  const axes =
    el('line', { x1: x0, y1: plotTop, x2: x0, y2: plotBottom, stroke: AXIS, 'stroke-width': 1 }) +
    el('line', { x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: AXIS, 'stroke-width': 1 });

  const categoryLabels = labels
    .map((lines, i) => {
      const mid = plotTop + bandHeight * (i + 0.5);
      const first = mid + 4 - ((lines.length - 1) * 14) / 2;
      const full = oneLine(o.categories[i] ?? '');
      const tspans = lines.map((l, j) => el('tspan', { x: plotLeft - 8, y: first + j * 14 }, escapeXml(l))).join('');
      const cut = lines.join(' ') !== full;
      return el('text', { 'font-family': FONT_FAMILY, 'font-size': labelFont, fill: INK, 'text-anchor': 'end', class: 'chart-category' }, (cut ? el('title', {}, escapeXml(full)) : '') + tspans);
    })
    .join('');

  const valueLabel = (x: number, y: number, v: number, bold = false): string => {
    const label = formatValue(v, o.yFormat);
    return text(v < 0 ? x - 4 : x + 4, y + 4, label, { class: 'chart-value', 'font-size': 11, 'text-anchor': v < 0 ? 'end' : 'start', 'font-weight': bold ? 'bold' : null });
  };

  const bar = (x1: number, x2: number, y: number, h: number, color: string, tip: string): string =>
    el('rect', { class: 'chart-bar', x: Math.min(x1, x2), y, width: Math.abs(x2 - x1), height: h, fill: color }, el('title', {}, escapeXml(tip)));

  const bars: string[] = [];
  o.categories.forEach((_, i) => {
    const cat = oneLine(o.categories[i] ?? '');
    const bandTop = plotTop + bandHeight * i;
    if (stacked) {
      const y = bandTop + (bandHeight - barThickness) / 2;
      let pos = 0;
      let neg = 0;
      let any = false;
      o.series.forEach((s, si) => {
        const v = valueAt(s, i);
        if (v === null) return;
        any = true;
        const from = v >= 0 ? pos : neg;
        const to = from + v;
        if (v >= 0) pos = to;
        else neg = to;
        const xa = xOf(from);
        const xb = xOf(to);
        const label = formatValue(v, o.yFormat);
        bars.push(bar(xa, xb, y, barThickness, colorOf(si), `${oneLine(s.name)}, ${cat}: ${label}`));
        // The segment's own value inside it, in white, when it fits.
        if (v !== 0 && Math.abs(xb - xa) >= estimateTextWidth(label, 11) + 8) {
          bars.push(text((xa + xb) / 2, y + barThickness / 2 + 4, label, { class: 'chart-value', 'font-size': 11, fill: '#ffffff', 'text-anchor': 'middle' }));
        }
      });
      if (any) {
        // The stack's total after its end.
        if (pos > 0 || neg === 0) bars.push(valueLabel(xOf(pos), y + barThickness / 2, pos, true));
        if (neg < 0) bars.push(valueLabel(xOf(neg), y + barThickness / 2, neg, true));
      }
    } else {
      const groupTop = bandTop + (bandHeight - k * barThickness) / 2;
      o.series.forEach((s, si) => {
        const v = valueAt(s, i);
        if (v === null) return;
        const y = groupTop + si * barThickness;
        const h = barThickness - (k > 1 ? 2 : 0);
        const xv = xOf(v);
        bars.push(bar(x0, xv, y, h, colorOf(si), `${oneLine(s.name)}, ${cat}: ${formatValue(v, o.yFormat)}`));
        bars.push(valueLabel(xv, y + h / 2, v));
      });
    }
  });

  return svgRoot(id, o, WIDTH, height, lg.svg + grid + categoryLabels + el('g', { class: 'chart-series' }, bars.join('')) + axes);
}
