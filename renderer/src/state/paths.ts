/** The last part of a file path, for display (either separator: Windows paths come from Electron). */
export const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;
