import pkg from '../../../../package.json';

/** Read at build time (bundled), so the CLI and the app report the same version. */
export const APP_VERSION: string = pkg.version;
