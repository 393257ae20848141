export declare const ROOT: string;
export declare const CLI_DIR: string;
export declare const STAMP: string;
export declare const SOURCE_DIRS: string[];
export declare function newestSource(root?: string): number;
export declare function currentCompiledCli(root?: string, dir?: string): string | null;
