/**
 * Everything that sends a file: the lazily loaded part of storage. Nothing imports this module
 * statically; `loadUploads$` (load-uploads.ts) imports it with `import()`, so bundlers put it in a
 * chunk of its own and an app that never uploads never downloads it (spec/build/bundle.spec.ts).
 */
export { upload$, uploadEvents$ } from "./upload.js";
export { uploadInput$ } from "./upload-input.js";
