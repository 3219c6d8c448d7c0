import http from 'node:http';
import got from 'got';

test('got runs under jest ESM', async () => {
  const server = http.createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const body = await got(`http://127.0.0.1:${port}/x?y=1`).json();
  expect(body).toEqual({ path: '/x?y=1' });
  server.close();
});
