import { execFileSync } from 'node:child_process';

// The smoke test runs the compiled server (`node dist/...`) and the browser tests the built
// admin, so build both once before the suites (`npm run build`).
export default function setup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
}
