/** Vite's `?raw` imports: GLSL sources arrive as strings. */
declare module '*.glsl?raw' {
  const source: string;
  export default source;
}
