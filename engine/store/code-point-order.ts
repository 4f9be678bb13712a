/**
 * Code-point order, shared by both store adapters so seller lists sort alike
 * whichever store produced them: the order of SQLite's BINARY collation on
 * UTF-8 (byte order is code-point order) that the embedded store's indexes
 * return, imposed on Neo4j's lists, which come back in any order.
 */

/**
 * Compares by code point. Plain `<` compares UTF-16 units, which puts astral
 * characters (surrogate pairs) before U+E000–U+FFFF; here they sort last.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // An astral code point (surrogate pair) is above every BMP one.
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
