import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { dehint } from '../../src/pdf/dehint.js';

const require = createRequire(import.meta.url);
const dir = path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
const original = fs.readFileSync(path.join(dir, '400Regular/Tinos_400Regular.ttf'));

function tables(font: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const rec = 12 + 16 * i;
    const off = font.readUInt32BE(rec + 8);
    out.set(font.toString('latin1', rec, rec + 4), font.subarray(off, off + font.readUInt32BE(rec + 12)));
  }
  return out;
}

test('dehint drops the hinting tables and keeps outlines, metrics and character map', () => {
  const stripped = dehint(original);
  const before = tables(original);
  const after = tables(stripped);
  for (const tag of ['fpgm', 'prep', 'cvt ']) {
    assert.ok(before.has(tag), `the source font has ${tag}`);
    assert.ok(!after.has(tag), `${tag} removed`);
  }
  for (const tag of ['cmap', 'hmtx', 'hhea', 'name', 'OS/2', 'post', 'GSUB', 'GPOS']) {
    assert.deepEqual(after.get(tag), before.get(tag), `${tag} unchanged`);
  }
  assert.equal(after.get('maxp')!.readUInt16BE(4), before.get('maxp')!.readUInt16BE(4), 'same glyph count');
  assert.ok(after.get('glyf')!.length < before.get('glyf')!.length, 'glyph instructions removed');
  assert.ok(stripped.length < original.length * 0.9);
});

test('the whole-font checksum is valid', () => {
  const stripped = dehint(original);
  let sum = 0;
  for (let i = 0; i < stripped.length; i += 4) sum = (sum + stripped.readUInt32BE(i)) >>> 0;
  assert.equal(sum, 0xb1b0afba);
});
