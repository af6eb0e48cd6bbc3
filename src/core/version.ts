import pkg from '../../package.json';

/** The gate's version, shown in reports and the user agent. */
export const VERSION: string = pkg.version;
