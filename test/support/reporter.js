"use strict";
/**
 * Mocha's spec reporter, plus a last line "N passed, N failed, N skipped" (mocha does not print one; skipped are
 * mocha's pending tests: it.skip and this.skip()), also written to .mocha-results.json (or to $MOCHA_RESULTS_FILE)
 * so that .ci/run can repeat it as the very last line of its output.
 */
const fs = require("node:fs");
const Mocha = require("mocha");

class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      process.stdout.write(`${passes} passed, ${failures} failed, ${pending} skipped\n`);
      const file = process.env.MOCHA_RESULTS_FILE || ".mocha-results.json";
      fs.writeFileSync(file, `${JSON.stringify({ passes, failures, pending })}\n`);
    });
  }
}

module.exports = SpecWithTotals;
