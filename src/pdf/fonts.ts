/**
 * Fonts embedded in every document: Tinos, metric-compatible with Times New Roman (the
 * face of Vietnamese official documents), with full Vietnamese coverage. Shipped by an
 * npm package, so nothing is fetched at run time.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type PDFKitDocument from 'pdfkit';
import { dehint } from './dehint.js';

const require = createRequire(import.meta.url);
const dir = path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));

let pdfkitClass: typeof PDFKitDocument | undefined;

/**
 * pdfkit's document class, loaded on the first document: pdfkit and its font engine are
 * about a fifth of the application's start-up, which processes that print nothing (most
 * test files, the CLIs) need not pay.
 */
export function pdfkit(): typeof PDFKitDocument {
  pdfkitClass ??= require('pdfkit') as typeof PDFKitDocument;
  return pdfkitClass;
}

function load(file: string): Buffer {
  return dehint(fs.readFileSync(path.join(dir, file)));
}

const FACE_FILES = {
  regular: '400Regular/Tinos_400Regular.ttf',
  bold: '700Bold/Tinos_700Bold.ttf',
  italic: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/Tinos_700Bold_Italic.ttf',
};

export type FaceName = keyof typeof FACE_FILES;

let fontFiles: Record<FaceName, Buffer> | undefined;

/** The four faces, read (and stripped of hinting) once per process, on the first document; every document subsets them. */
export function fonts(): Record<FaceName, Buffer> {
  fontFiles ??= {
    regular: load(FACE_FILES.regular),
    bold: load(FACE_FILES.bold),
    italic: load(FACE_FILES.italic),
    boldItalic: load(FACE_FILES.boldItalic),
  };
  return fontFiles;
}

/**
 * pdfkit's private surface that sharing relies on (pdfkit 0.17): each document keeps its
 * fonts in `_fontFamilies`, numbered by `_fontCount`, as EmbeddedFont objects wrapping a
 * fontkit font (`.font`).
 */
interface PdfkitInternals {
  _fontFamilies: Record<string, unknown>;
  _fontCount: number;
  _font: { font: unknown; name?: string; constructor: EmbeddedFontClass };
}
type EmbeddedFontClass = new (doc: PDFKit.PDFDocument, font: unknown, id: string) => { name?: string; layoutCache?: Record<string, unknown> };

/**
 * pdfkit caches the shaping of each word per document; with shared fonts the cache can be
 * shared too (a word's glyphs and advances depend only on the font). It is bounded by
 * starting afresh every LAYOUT_CACHE_DOCUMENTS documents (names and codes differ).
 */
const LAYOUT_CACHE_DOCUMENTS = 500;
const layoutCaches = new Map<FaceName, Record<string, unknown>>();
let documentsSinceReset = 0;

let shared: { EmbeddedFont: EmbeddedFontClass; faces: Map<FaceName, unknown> } | null | undefined;

/**
 * The fontkit fonts parsed once per process (from a throwaway document), or null when
 * pdfkit's internals are not what this module expects (then documents parse their own).
 */
function sharedFaces(): typeof shared {
  if (shared !== undefined) return shared;
  try {
    const PDFDocument = pdfkit();
    const probe = new PDFDocument({ font: '' as string });
    const faces = new Map<FaceName, unknown>();
    let EmbeddedFont: EmbeddedFontClass | undefined;
    const files = fonts();
    for (const face of Object.keys(files) as FaceName[]) {
      probe.registerFont(face, files[face]);
      probe.font(face);
      const internals = probe as unknown as PdfkitInternals;
      if (!internals._font?.font || typeof internals._fontCount !== 'number' || typeof internals._fontFamilies !== 'object') throw new Error('unexpected pdfkit internals');
      const parsed = internals._font.font as { characterSet?: number[]; glyphForCodePoint?: (cp: number) => unknown };
      if (!Array.isArray(parsed.characterSet) || typeof parsed.glyphForCodePoint !== 'function') throw new Error('unexpected fontkit font');
      // fontkit keeps each glyph object with the characters it was first looked up by, and
      // pdfkit writes those into the text layer (ToUnicode). A document's subset also looks
      // up the parts of composed letters (the "e" of "ế") with no character; shared, such a
      // glyph would then lose its character in every later document ("th o" for "theo" in
      // pdftotext). Looking every character up first gives each glyph its own character.
      for (const cp of parsed.characterSet) parsed.glyphForCodePoint(cp);
      faces.set(face, parsed);
      EmbeddedFont = internals._font.constructor;
    }
    shared = EmbeddedFont ? { EmbeddedFont, faces } : null;
  } catch {
    shared = null;
  }
  return shared;
}

/**
 * Register the Tinos faces on a document, sharing the parsed fonts. pdfkit turns a font
 * buffer into a fontkit font for every new document, and fontkit then decodes the big
 * TrueType tables again on the document's first text: about 80 % of a receipt's time.
 * A fontkit font is immutable apart from its lookup caches, so documents can share one;
 * each document still gets its own EmbeddedFont and so its own subset. pdfkit has no
 * public way to pass a parsed font, hence its private fields (checked once, with a
 * fallback to the plain path). test/unit/pdf-fonts.test.ts checks the sharing and that
 * documents look and read the same.
 */
export function registerFaces(doc: PDFKit.PDFDocument): void {
  const files = fonts();
  for (const face of Object.keys(files) as FaceName[]) doc.registerFont(face, files[face]);
  const s = sharedFaces();
  if (!s) return;
  const internals = doc as unknown as PdfkitInternals;
  if (++documentsSinceReset > LAYOUT_CACHE_DOCUMENTS) {
    layoutCaches.clear();
    documentsSinceReset = 1;
  }
  for (const [face, parsed] of s.faces) {
    const font = new s.EmbeddedFont(doc, parsed, `F${++internals._fontCount}`);
    if (font.layoutCache) {
      let cache = layoutCaches.get(face);
      if (!cache) layoutCaches.set(face, (cache = Object.create(null) as Record<string, unknown>));
      font.layoutCache = cache;
    }
    internals._fontFamilies[face] = font;
    if (font.name) internals._fontFamilies[font.name] = font;
  }
}
