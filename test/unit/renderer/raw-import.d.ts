/** Vite's `?raw` imports: the file's text (lets renderer tests read files without Node APIs). */
declare module '*?raw' {
  const text: string;
  export default text;
}
