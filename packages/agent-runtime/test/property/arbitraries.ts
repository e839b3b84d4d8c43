import fc from 'fast-check';

/** Bounds every property run so that the whole suite stays fast on 2 cores. */
export const RUN_BOUNDS = { numRuns: 150, interruptAfterTimeLimit: 8_000 } as const;

/** Printable ASCII, the characters a header value can carry through `fetch`. */
const printable = fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)));

/** A header value: short, long, empty, or over AgentCore's 4 KB limit. */
export const headerValue = fc.oneof(
  fc.string({ unit: printable, maxLength: 40 }),
  fc.string({ unit: printable, minLength: 30, maxLength: 300 }),
  fc.constantFrom('', ' ', 'x'.repeat(4097), '../../etc/passwd', "' OR 1=1 --", '%00', '\\u0000'),
);

/** Session ids around the 33..256 rule, and hostile ones. */
export const sessionIdHeader = fc.oneof(
  fc.string({ unit: printable, minLength: 28, maxLength: 40 }),
  fc.string({ unit: printable, minLength: 250, maxLength: 260 }),
  headerValue,
);

/** Actor ids: valid ones, near misses (spaces, `@`, `..`), and garbage. */
export const actorIdHeader = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_/-]{0,20}$/),
  fc.constantFrom('alice bob', 'a@b.c', ':leading', 'trailing:', 'x'.repeat(256), '../alice', 'alice::bob'),
  headerValue,
);

/** JSON that nests `depth` arrays. */
const nested = fc.integer({ min: 1, max: 50_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);

/** Bodies a caller might send by mistake or on purpose. */
export const hostileBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc
    .record({
      prompt: fc.oneof(
        fc.string({ maxLength: 50 }),
        fc.integer(),
        fc.constant(null),
        fc.object({ maxDepth: 2 }),
      ),
    })
    .map((value) => JSON.stringify(value)),
  fc
    .record({ prompt: fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }) })
    .map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '',
    '{',
    'null',
    '[]',
    '{"prompt":""}',
    '{"prompt":"   "}',
    '{"__proto__":{"polluted":true}}',
    '{"prompt":"x","constructor":{"prototype":{"polluted":1}}}',
  ),
  nested,
  fc.uint8Array({ maxLength: 300 }),
);

/** Methods, the right one most often. */
export const method = fc.oneof(
  { weight: 5, arbitrary: fc.constant('POST') },
  { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
);
