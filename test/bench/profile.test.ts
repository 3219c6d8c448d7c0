import { breakdown, frameShare, type CpuProfile } from '../../bench/profile.js';

const GOT = 'file:///app/node_modules/got/dist/source/core/response.js';
const APOLLO = 'file:///app/node_modules/@apollo/server/dist/esm/runHttpQuery.js';

/**
 * root -> jsonBody (src) -> toString (node:buffer); root -> prettyJSONStringify; root -> mapClick (src)
 * -> a regular expression (built-in); (idle); (garbage collector); root -> writev (built-in).
 */
const profile: CpuProfile = {
  startTime: 1_000,
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2, 4, 5, 6, 7, 8] },
    { id: 2, callFrame: { functionName: 'jsonBody', url: 'file:///app/dist/src/vendors/restClient.js' }, children: [3] },
    { id: 3, callFrame: { functionName: 'toString', url: 'node:buffer' } },
    { id: 4, callFrame: { functionName: 'prettyJSONStringify', url: APOLLO } },
    { id: 5, callFrame: { functionName: 'mapClick', url: 'file:///app/dist/src/vendors/irev/mappers.js' }, children: [9] },
    { id: 6, callFrame: { functionName: '(idle)', url: '' } },
    { id: 7, callFrame: { functionName: '(garbage collector)', url: '' } },
    { id: 8, callFrame: { functionName: 'writev', url: '' } },
    { id: 9, callFrame: { functionName: 'RegExp: ^\\d+$', url: '' } },
  ],
  // Sample i is at 1000 + the deltas up to i and lasts until the next one.
  samples: [2, 3, 4, 5, 6, 7, 8, 9, 5],
  timeDeltas: [0, 10, 20, 30, 40, 50, 60, 70, 80],
};

describe('bench CPU breakdown', () => {
  it('charges samples under jsonBody and prettyJSONStringify to the floor, the others by their frame or a built-in by its caller, and leaves idle out', () => {
    const { busyUs, us } = breakdown(profile, { from: 0, to: Number.MAX_SAFE_INTEGER });
    // The last sample has no successor, so no duration; the regular expression (80) is mapClick's.
    expect(us).toEqual({ parse: 10 + 20, stringify: 30, node: 70, got: 0, graphql: 0, gateway: 40 + 80, libraries: 0, gc: 60, v8: 0 });
    expect(busyUs).toBe(10 + 20 + 30 + 40 + 60 + 70 + 80);
  });

  it('counts only the samples inside the window', () => {
    // Samples at 1010 (toString, under jsonBody) and 1030 (prettyJSONStringify).
    const { busyUs, us } = breakdown(profile, { from: 1_010, to: 1_030 });
    expect(busyUs).toBe(20 + 30);
    expect(us.parse).toBe(20);
    expect(us.stringify).toBe(30);
  });

  it("counts got's own parseBody as the floor too (a build that parses in got's promise API)", () => {
    const inGot: CpuProfile = {
      startTime: 0,
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2] },
        { id: 2, callFrame: { functionName: 'parseBody', url: GOT } },
      ],
      samples: [2, 2],
      timeDeltas: [0, 25],
    };
    expect(breakdown(inGot, { from: 0, to: 100 }).us.parse).toBe(25);
  });

  it('tells got, GraphQL, other packages, Node and the gateway apart by script', () => {
    expect(frameShare({ functionName: 'is', url: 'file:///app/node_modules/@sindresorhus/is/dist/index.js' })).toBe('got');
    expect(frameShare({ functionName: 'x', url: 'file:///app/node_modules/p-cancelable/index.js' })).toBe('got');
    expect(frameShare({ functionName: 'execute', url: APOLLO })).toBe('graphql');
    expect(frameShare({ functionName: 'compiled', url: 'file:///app/node_modules/graphql-jit/dist/execution.js' })).toBe('graphql');
    expect(frameShare({ functionName: 'load', url: 'file:///app/node_modules/dataloader/index.js' })).toBe('libraries');
    expect(frameShare({ functionName: 'q', url: 'file:///app/node_modules/@electric-sql/pglite/dist/index.js' })).toBe('libraries');
    expect(frameShare({ functionName: 'emit', url: 'node:events' })).toBe('node');
    expect(frameShare({ functionName: 'f', url: 'wasm://wasm/022c915e' })).toBe('v8');
    expect(frameShare({ functionName: '(program)', url: '' })).toBe('v8');
    expect(frameShare({ functionName: 'handle', url: 'file:///app/dist/src/httpServer.js' })).toBe('gateway');
  });
});
