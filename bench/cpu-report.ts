/**
 * Preloaded (`node --require`) into the processes whole-process.ts times: at exit, writes the process's CPU time
 * in milliseconds (user and system, all threads) to the file descriptor named by IAM_SYNCR_BENCH_CPU_FD, which
 * the bench reads; the process's own stdout and stderr stay untouched.
 */
import * as fs from "node:fs";

const fd = Number(process.env.IAM_SYNCR_BENCH_CPU_FD);
if (Number.isInteger(fd)) {
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    fs.writeSync(fd, `${(user + system) / 1000}\n`);
  });
}
