/**
 * RFC 4180 CSV as the UK data files are written: fields separated by commas, records by CRLF, LF
 * or CR; a quoted field may hold commas, line breaks and doubled quotes; a leading BOM is dropped,
 * empty lines are skipped and records may differ in length. A quote anywhere else is an error
 * naming the line. (csv-parse reads the same files the same way; a unit test compares them.)
 */
export function parseCsv(text: string): string[][] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  /** The field under way has begun (a character, or a quoted field, even an empty one). */
  let begun = false;
  let line = 1;
  let at = 0;
  const endField = () => {
    record.push(field);
    field = "";
    begun = false;
  };
  /** Ends the record under way; a line with nothing on it is no record. */
  const endRecord = () => {
    if (record.length > 0 || begun) {
      endField();
      records.push(record);
    }
    record = [];
  };
  while (at < source.length) {
    const char = source[at];
    if (char === '"') {
      if (begun) throw new Error(`CSV: a quote inside an unquoted field on line ${line}`);
      // A quoted field: up to the quote that is not doubled.
      let from = at + 1;
      for (;;) {
        const quote = source.indexOf('"', from);
        if (quote < 0) throw new Error(`CSV: a quoted field opened on line ${line} is never closed`);
        field += source.slice(from, quote);
        if (source[quote + 1] !== '"') {
          at = quote + 1;
          break;
        }
        field += '"';
        from = quote + 2;
      }
      begun = true;
      line += (field.match(/\r\n|\r|\n/g) ?? []).length;
      const next = source[at];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r")
        throw new Error(`CSV: a character follows a closing quote on line ${line}`);
    } else if (char === ",") {
      endField();
      at++;
    } else if (char === "\n" || char === "\r") {
      endRecord();
      at += char === "\r" && source[at + 1] === "\n" ? 2 : 1;
      line++;
    } else {
      const next = source.slice(at).search(/[,\r\n"]/);
      const end = next < 0 ? source.length : at + next;
      field += source.slice(at, end);
      begun = true;
      at = end;
    }
  }
  endRecord();
  return records;
}
