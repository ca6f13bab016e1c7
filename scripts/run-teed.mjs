/**
 * Runs a command with its output streamed through (line by line behind `prefix` when two run
 * side by side, so their progress bars do not garble each other) and kept, for its counts.
 */
import { spawn } from 'node:child_process';
import { stripAnsi } from './strip-ansi.mjs';

export function runTeed(command, args, { env = process.env, prefix = '' } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    const tee = (stream, sink) =>
      stream.on('data', (chunk) => {
        out += chunk;
        if (!prefix) return sink.write(chunk);
        for (const line of String(chunk).split('\n')) if (line.trim()) sink.write(`${prefix}${stripAnsi(line)}\n`);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}
