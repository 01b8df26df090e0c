import { spawn } from 'node:child_process';

/** Runs a command as a script would: `lines` on stdin (then end of input), stdout and stderr collected. */
export function runPiped(
  command: string,
  args: string[],
  env: Record<string, string>,
  lines: string[],
): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ out, err, code }));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}
