/**
 * Remove TrueType hinting from a font: the fpgm/prep/cvt tables and every glyph's
 * instructions. Hints only help rasterizing at small pixel sizes on screens; printers
 * and PDF viewers do fine without them, and Tinos is heavily hinted, so a receipt's
 * embedded font subsets shrink by about a third. Outlines and metrics are untouched.
 */

const DROP = new Set(['fpgm', 'prep', 'cvt ', 'hdmx', 'LTSH', 'VDMX']);

interface Table {
  tag: string;
  data: Buffer;
}

function readTables(font: Buffer): Table[] {
  const numTables = font.readUInt16BE(4);
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = font.toString('latin1', rec, rec + 4);
    const offset = font.readUInt32BE(rec + 8);
    const length = font.readUInt32BE(rec + 12);
    tables.push({ tag, data: Buffer.from(font.subarray(offset, offset + length)) });
  }
  return tables;
}

/** One glyph's bytes without its instructions. */
function stripGlyph(g: Buffer): Buffer {
  if (g.length === 0) return g;
  const contours = g.readInt16BE(0);
  if (contours >= 0) {
    const lenPos = 10 + 2 * contours;
    const instrLen = g.readUInt16BE(lenPos);
    const out = Buffer.concat([g.subarray(0, lenPos), Buffer.from([0, 0]), g.subarray(lenPos + 2 + instrLen)]);
    return out;
  }
  // Composite: walk the components, clear WE_HAVE_INSTRUCTIONS, cut what follows.
  const out = Buffer.from(g);
  let pos = 10;
  for (;;) {
    const flags = out.readUInt16BE(pos);
    out.writeUInt16BE(flags & ~0x0100, pos);
    pos += 4; // flags + glyphIndex
    pos += flags & 0x0001 ? 4 : 2; // arguments
    if (flags & 0x0008) pos += 2;
    else if (flags & 0x0040) pos += 4;
    else if (flags & 0x0080) pos += 8;
    if (!(flags & 0x0020)) break;
  }
  return out.subarray(0, pos);
}

function checksum(data: Buffer): number {
  const padded = data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

export function dehint(font: Buffer): Buffer {
  if (font.readUInt32BE(0) !== 0x00010000) return font; // not a TrueType-outline font
  const tables = readTables(font).filter((t) => !DROP.has(t.tag));
  const get = (tag: string) => tables.find((t) => t.tag === tag);
  const head = get('head');
  const maxp = get('maxp');
  const loca = get('loca');
  const glyf = get('glyf');
  if (!head || !maxp || !loca || !glyf) return font;

  const numGlyphs = maxp.data.readUInt16BE(4);
  const longLoca = head.data.readInt16BE(50) === 1;
  const offsetAt = (i: number) => (longLoca ? loca.data.readUInt32BE(4 * i) : loca.data.readUInt16BE(2 * i) * 2);
  const glyphs: Buffer[] = [];
  const newLoca = Buffer.alloc(4 * (numGlyphs + 1));
  let cursor = 0;
  for (let i = 0; i < numGlyphs; i++) {
    newLoca.writeUInt32BE(cursor, 4 * i);
    const stripped = stripGlyph(glyf.data.subarray(offsetAt(i), offsetAt(i + 1)));
    const pad = (4 - (stripped.length % 4)) % 4;
    glyphs.push(stripped, Buffer.alloc(pad));
    cursor += stripped.length + pad;
  }
  newLoca.writeUInt32BE(cursor, 4 * numGlyphs);
  glyf.data = Buffer.concat(glyphs);
  loca.data = newLoca;
  head.data.writeInt16BE(1, 50); // long loca offsets
  head.data.writeUInt32BE(0, 8); // checkSumAdjustment, recomputed below
  if (maxp.data.length >= 28) maxp.data.writeUInt16BE(0, 26); // maxSizeOfInstructions

  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const n = tables.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + 16 * n);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(n * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach((t, i) => {
    const rec = 12 + 16 * i;
    header.write(t.tag, rec, 4, 'latin1');
    header.writeUInt32BE(checksum(t.data), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(t.data.length, rec + 12);
    const pad = (4 - (t.data.length % 4)) % 4;
    bodies.push(t.data, Buffer.alloc(pad));
    offset += t.data.length + pad;
  });
  const out = Buffer.concat([header, ...bodies]);
  const headOffset = header.readUInt32BE(12 + 16 * tables.findIndex((t) => t.tag === 'head') + 8);
  out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headOffset + 8);
  return out;
}
