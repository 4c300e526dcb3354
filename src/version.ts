/** The package version, sent in `User-Agent`. `spec/version.spec.ts` keeps it equal to package.json. */
export const VERSION = "0.1.0";
