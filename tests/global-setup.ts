import { execFileSync } from 'node:child_process';

// The smoke test runs the compiled server (`node dist/...`), so build once before the suites.
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
