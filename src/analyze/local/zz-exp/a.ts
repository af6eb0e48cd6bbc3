import { createRequire } from 'node:module';
let cached: { hello: string } | undefined;
export function load(): { hello: string } {
  if (!cached) {
    const req = createRequire(import.meta.url);
    cached = req('./data.json') as { hello: string };
  }
  return cached;
}
console.log('loaded module');
if (process.env.RUN) console.log(load());
