/**
 * Fonts embedded in every document: Tinos, metric-compatible with Times New Roman (the
 * face of Vietnamese official documents), with full Vietnamese coverage. Shipped by an
 * npm package, so nothing is fetched at run time.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { dehint } from './dehint.js';

const require = createRequire(import.meta.url);
const dir = path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));

function load(file: string): Buffer {
  return dehint(fs.readFileSync(path.join(dir, file)));
}

/** Read (and stripped of hinting) once per process; every document subsets them. */
export const FONTS = {
  regular: load('400Regular/Tinos_400Regular.ttf'),
  bold: load('700Bold/Tinos_700Bold.ttf'),
  italic: load('400Regular_Italic/Tinos_400Regular_Italic.ttf'),
  boldItalic: load('700Bold_Italic/Tinos_700Bold_Italic.ttf'),
};
