// Brotli-compress files for scripts/lean/compress.py with Node's built-in zlib (quality 11, a
// 16 MiB window — what browsers accept). Reads a JSON list of [source, destination] pairs on
// stdin; writes each destination. Same Node, same input: the same bytes.
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const pairs = JSON.parse(readFileSync(0, "utf8"));
for (const [source, destination] of pairs) {
  const data = readFileSync(source);
  writeFileSync(destination, brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }));
}
