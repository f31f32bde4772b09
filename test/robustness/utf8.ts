/**
 * Where a UTF-8 decoder that follows the WHATWG Encoding Standard (Node's TextDecoder) first meets an error: the
 * index of the byte it cannot accept, or the length when the bytes end inside a sequence. Written independently
 * of the compiler, so the tests check its "invalid byte sequence at byte N" against a second opinion.
 */
export function firstUtf8Error(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead <= 0x7f) {
      i++;
      continue;
    }
    let needed: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= needed; k++) {
      const j = i + k;
      if (j >= bytes.length) return bytes.length;
      const byte = bytes[j];
      const [low, high] = k === 1 ? [lower, upper] : [0x80, 0xbf];
      if (byte < low || byte > high) return j;
    }
    i += needed + 1;
  }
  return undefined;
}
