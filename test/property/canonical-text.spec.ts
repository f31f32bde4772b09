/**
 * Property test: the canonical text (DIALECT.md 13.3) of any JSON value is what the reference serialiser
 * (reference-json.ts, written from 13.3 without JSON.stringify) writes, with every kind of code unit in keys and
 * strings: ASCII controls, quotes and backslashes, DEL, characters up to U+10FFFF and lone surrogates.
 * documents.spec.ts checks the same of every document of compiled plans and of what the program declares.
 */
import { expect } from "chai";
import fc from "fast-check";
import { canonicalJson } from "../../compiler";
import { referenceJson } from "./reference-json";
import { runs } from "./settings";

/** One UTF-16 code unit or code point: any code point, often one where escaping rules change. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(" ", "~", "\u007f", "\u0080", "\u00ff", "\u2028", "\ufffd", "\ud800", "\udfff", "\u{1f600}", "\u{10ffff}", '"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u001f"),
  },
);
const text = fc.string({ unit, maxLength: 10 });

const { value: jsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(text, tie("value"), { maxKeys: 4 }),
  ),
}));

describe("property: canonical text (13.3)", function () {
  this.timeout(60_000);

  it("is the reference serialiser's text for any JSON value", () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(canonicalJson(value)).to.equal(referenceJson(value));
      }),
      runs(1000),
    );
  });
});
