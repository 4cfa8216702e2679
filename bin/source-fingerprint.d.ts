export declare const SOURCE_DIRS: string[];
export declare const BUILD_DIR: string;
export declare const BUILD_ENTRY: string;
export declare const BUILD_MANIFEST: string;
export declare function sourceFingerprint(root: string): string;
export declare function freshBuildEntry(root: string): string | undefined;
