/** A one-line progress bar on a TTY; silent elsewhere (logs and CI stay clean). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  return {
    update(done: number, total: number) {
      if (!tty || total <= 0) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const pct = Math.floor((done / total) * 100);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}%`);
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}
