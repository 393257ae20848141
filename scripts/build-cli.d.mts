/** Compiles the CLI bundle into `outDir` (default dist/cli) and returns it. */
export declare function buildCli(outDir?: string): Promise<string>;
