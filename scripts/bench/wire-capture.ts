import { spawn, spawnSync } from 'node:child_process';

/** The times (epoch ms) at which requests reached the loopback interface, as the kernel saw them. */
export interface WireCapture {
  stop(): Promise<number[]>;
}

/**
 * Captures every HTTP POST sent to `port` on the loopback interface with tcpdump, when it is
 * installed and may capture (root): the sender's timing on the wire, untouched by how busy the
 * receiving process is. Answers null otherwise.
 */
export async function captureWirePosts(port: number): Promise<WireCapture | null> {
  if (spawnSync('tcpdump', ['--version']).status !== 0) return null;
  // The first four bytes of the TCP payload spell "POST".
  const filter = `tcp dst port ${port} and tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x504f5354`;
  const tcpdump = spawn('tcpdump', ['-i', 'lo', '-tt', '-n', '-l', '--immediate-mode', filter], { stdio: ['ignore', 'pipe', 'pipe'] });
  const times: number[] = [];
  let partial = '';
  tcpdump.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const seconds = Number(line.split(' ', 1)[0]);
      if (Number.isFinite(seconds)) times.push(seconds * 1000);
    }
  });
  const listening = await new Promise<boolean>((resolve) => {
    tcpdump.stderr.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve(true);
    });
    tcpdump.once('exit', () => resolve(false));
  });
  if (!listening) return null;
  return {
    stop: () =>
      new Promise((resolve) => {
        tcpdump.once('exit', () => resolve(times));
        tcpdump.kill('SIGINT');
      }),
  };
}
