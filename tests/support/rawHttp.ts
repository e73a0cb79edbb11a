/**
 * A raw HTTP request with node:http, so that the path reaches the relay exactly as written
 * (fetch would normalize `/../x`).
 */
import { request } from 'node:http';

/** Status, headers and body of an answer. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends `method path` to the server at `base` (http://host:port). */
export function rawHttpRequest(base: string, path: string, method = 'GET'): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
