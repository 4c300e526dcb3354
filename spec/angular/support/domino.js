// @angular/platform-server imports domino's default export. jest-preset-angular turns .mjs files
// into CommonJS with esbuild, whose Node-mode interop hands that import the whole module namespace
// ({default}) instead; this module is what the import should see.
module.exports = require("../../../node_modules/@angular/platform-server/third_party/domino/bundled-domino.mjs").default;
