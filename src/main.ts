import { loadDotEnv, main } from './cli.js';

// The process entry: real streams, real signals, real exit codes.
const dotEnvProblem = loadDotEnv();
if (dotEnvProblem) {
  process.stderr.write(`${dotEnvProblem}\n`);
  process.exit(2);
}

let signalled = 0;
const shutdownSignal = new Promise<string>((resolve) => {
  const onSignal = (signal: NodeJS.Signals) => {
    signalled++;
    if (signalled > 1) {
      process.stderr.write('ree-watch: second stop request, exiting now\n');
      process.exit(1);
    }
    resolve(signal);
    // Graceful shutdown must not hang forever.
    setTimeout(() => {
      process.stderr.write('ree-watch: shutdown took longer than 5 s, exiting\n');
      process.exit(1);
    }, 5_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
});

const code = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  shutdownSignal,
});
process.exitCode = code;
// Let stdout drain, then leave even if a library keeps a handle open.
setImmediate(() => process.exit(code)).unref();
