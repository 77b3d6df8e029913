/**
 * Progress on stderr: a cli-progress bar when stderr is a terminal, otherwise a plain line every
 * tenth of the way (CI logs and pipes get no control characters).
 */
import cliProgress from "cli-progress";

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function createProgress(label: string, total: number, stderr: (text: string) => void, isTTY: boolean): Progress {
  if (isTTY) {
    // cli-progress writes through `stream.write` (and readline's cursor helpers, which do the same).
    const stream = { isTTY: true, columns: 100, write: (text: string) => (stderr(text), true) };
    const bar = new cliProgress.SingleBar(
      { stream: stream as unknown as NodeJS.WritableStream, format: `${label} [{bar}] {value}/{total} cases | {eta_formatted} left`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  return {
    update(done, all) {
      if (done % step === 0 || done === all) stderr(`${label}: ${done}/${all} cases\n`);
    },
    stop() {},
  };
}
