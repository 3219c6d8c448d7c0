import { Random } from '../../src/simulators/random.js';
test('probe', () => {
  const r = new Random(1);
  let t = performance.now(); let s = 0; for (let i = 0; i < 1e6; i++) s += r.next(); console.log('next', performance.now() - t);
  t = performance.now(); for (let i = 0; i < 1e5; i++) s += new Date(i * 1e7).toISOString().length; console.log('iso', performance.now() - t);
  t = performance.now(); const a = []; for (let i = 0; i < 50000; i++) a.push({ t: i, x: 'a' + i, y: i * 2, z: null, w: [i] }); console.log('objs', performance.now() - t);
  t = performance.now(); a.sort((p, q) => q.t - p.t); console.log('sort', performance.now() - t);
  t = performance.now(); for (let i = 0; i < 1e5; i++) s += r.hex(32).length; console.log('hex', performance.now() - t);
});
