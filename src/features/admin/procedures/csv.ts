/**
 * A small RFC 4180 CSV reader: quoted fields may hold the delimiter, doubled quotes
 * ("") and line breaks; records end with CRLF, LF or a lone CR; a UTF-8 byte-order mark
 * is dropped; a final line break does not make an empty record. Each record carries the
 * file line it starts on, so messages can say "Dòng N" even when a quoted field spans
 * several lines. Pure: no I/O.
 */

export interface CsvRecord {
  /** 1-based line of the file on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvOptions {
  /** Field separator: ',' by default. */
  delimiter?: string;
}

const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * The separator used on the first line: ',' unless the line has semicolons and no
 * commas outside quotes (spreadsheets set to Vietnamese regional settings export ';').
 */
export function detectDelimiter(text: string): ',' | ';' {
  const body = stripBom(text);
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of body) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return commas === 0 && semicolons > 0 ? ';' : ',';
}

/** Parse CSV text into records. Throws CsvError (with the line) on malformed quoting. */
export function parseCsv(input: string, options: CsvOptions = {}): CsvRecord[] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new RangeError('The delimiter must be one character other than a quote or a line break');
  }
  const text = stripBom(input);
  const n = text.length;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1; // current physical line
  let recordLine = 1; // line the current record started on
  let atFieldStart = true; // nothing read yet for the current field
  let inRecord = false; // the current record has at least one character or delimiter

  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
    inRecord = false;
  };

  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && atFieldStart) {
      // A quoted field: everything up to the closing quote, "" standing for one quote.
      const openedOn = line;
      inRecord = true;
      atFieldStart = false;
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      if (!closed) throw new CsvError(openedOn, 'Thiếu dấu ngoặc kép đóng cho một ô bắt đầu bằng dấu ngoặc kép');
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
        throw new CsvError(line, 'Sau dấu ngoặc kép đóng phải là dấu phân cách hoặc xuống dòng (dấu ngoặc kép trong ô phải viết hai lần: "")');
      }
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      inRecord = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    // A quote inside an unquoted field is kept as a character, as most readers do.
    field += ch;
    atFieldStart = false;
    inRecord = true;
    i++;
  }
  if (inRecord) endRecord();
  return records;
}

/** True when every field of the record is blank (an empty line in a spreadsheet export). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

/**
 * True when a line of text bears the marks of a file decoded with the wrong encoding: U+FFFD
 * (bytes a UTF-8 decoder could not read, e.g. a Windows-1258 file) or a C1 control character
 * U+0080–U+009F (bytes read as Latin-1). Neither occurs in real Vietnamese text.
 */
export function looksMisdecoded(line: string): boolean {
  return /[\u0080-\u009F\uFFFD]/u.test(line);
}
