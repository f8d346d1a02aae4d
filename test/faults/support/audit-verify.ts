import { execFile } from 'node:child_process';
import { BUILT_AUDIT_VERIFY, REPO_ROOT } from './api-process';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCommand(
  file: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
        timeout: options.timeoutMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 10 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// What `npm run audit:verify` runs after building: the built CLI against one database.
export function auditVerify(databaseUrl: string): Promise<CommandResult> {
  return runCommand(process.execPath, [BUILT_AUDIT_VERIFY], {
    env: { DATABASE_URL: databaseUrl, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
    timeoutMs: 30_000,
  });
}
