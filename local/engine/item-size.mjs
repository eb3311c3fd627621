// Item size as DynamoDB counts it, for the capacity emulator's write units (dynamodb.mjs). The same rules as
// functions/Tuner.BatchWriter/ItemSize.cs: both are tested against one table of cases,
// tests/Tuner.BatchWriter.Tests/Fixtures/item-size-cases.json (ItemSizeCasesTests in the BatchWriter tests and,
// through node, in the integration tests): attribute name bytes + value bytes (UTF-8 strings, raw binary,
// numbers ≈ 1 + digits/2, 1 byte for NULL/BOOL, 3 bytes + 1 per element for L/M).
export function valueSize(value) {
  const [type] = Object.keys(value);
  const v = value[type];
  switch (type) {
    case 'S': return Buffer.byteLength(v, 'utf8');
    case 'B': return Buffer.from(v, 'base64').length;
    case 'N': return numberSize(v);
    case 'SS': return v.reduce((sum, x) => sum + Buffer.byteLength(x, 'utf8'), 0);
    case 'BS': return v.reduce((sum, x) => sum + Buffer.from(x, 'base64').length, 0);
    case 'NS': return v.reduce((sum, x) => sum + numberSize(x), 0);
    case 'NULL': case 'BOOL': return 1;
    case 'L': return 3 + v.reduce((sum, x) => sum + 1 + valueSize(x), 0);
    case 'M': return 3 + Object.keys(v).reduce((sum, k) => sum + 1 + Buffer.byteLength(k, 'utf8') + valueSize(v[k]), 0);
    default: return 0;
  }
}

export function numberSize(text) {
  const digits = String(text).replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return 1 + Math.ceil(Math.max(digits.length, 1) / 2);
}

export function itemSize(item) {
  return Object.keys(item || {}).reduce((sum, k) => sum + Buffer.byteLength(k, 'utf8') + valueSize(item[k]), 0);
}

export function writeUnits(item) {
  return Math.max(1, Math.ceil(itemSize(item) / 1024));
}
