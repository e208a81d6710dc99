// The nginx baseline of bench:gateway: one worker, a keep-alive upstream pool, in a private
// prefix (its own config, logs and pid file under a temporary directory).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX_MISSING = 'nginx is missing: install it (Debian: apt-get install nginx-light) to add the nginx baseline';

export function nginxPath(): string | undefined {
  for (const path of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    try {
      readFileSync(path);
      return path;
    } catch {
      // next
    }
  }
  return undefined;
}

function config(prefix: string, port: number, upstream: URL): string {
  return `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream catalog { server ${upstream.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://catalog;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

export interface NginxBaseline {
  /** The worker does the proxying; the master only supervises. */
  workerPid(): number | undefined;
  /** A fast stop (TERM), then its prefix is removed. */
  stop(): Promise<void>;
}

/** nginx (binary at `path`) on `port` in front of `upstream`. */
export function startNginx(path: string, port: number, upstream: string): NginxBaseline {
  const prefix = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  writeFileSync(join(prefix, 'nginx.conf'), config(prefix, port, new URL(upstream)));
  const master = spawn(path, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => master.once('exit', () => resolve()));
  return {
    workerPid: () => {
      const children = readFileSync(`/proc/${master.pid}/task/${master.pid}/children`, 'utf8').trim().split(/\s+/);
      return children[0] ? Number(children[0]) : undefined;
    },
    stop: async () => {
      if (master.exitCode === null && master.signalCode === null) master.kill('SIGTERM');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
