// The single-file build of mathjs has no types of its own (its `exports` entry names none): it is the package's
// default instance, typed in `mathjs.ts`.
declare module 'mathjs/lib/browser/math.js' {
  const math: unknown;
  export default math;
}
